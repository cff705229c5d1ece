"""Segment comparison: conversion and time to convert per segment, side by side, with tests.

For each person with a start (her first `start_event`, or her first event of any kind when no
start event is given) the outcome is whether a `conversion_event` follows at or after it (within
`window` when given) and, if so, the seconds to the first such conversion. Each segment is
compared with the rest of the persons (one versus rest):

- conversion: pooled two-proportion z-test (two-sided);
- time to convert of converted persons: Mann-Whitney U (normal approximation with tie and
  continuity correction), from rank sums computed in Ibis;
- all p-values of the table (conversion and duration together) are adjusted with
  Benjamini-Hochberg; `significant` means q < alpha.

See `journeymap.analytics.segmentation` for how persons are assigned to segments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

import ibis

from journeymap.analytics.clock import epoch_micros, micros_of, seconds
from journeymap.analytics.segmentation import (
    NO_SEGMENT,
    SegmentBy,
    person_column,
    segment_persons,
)
from journeymap.analytics.stats import benjamini_hochberg, mann_whitney_from_ranks, two_proportion_z


@dataclass(frozen=True)
class SegmentRow:
    segment: str
    persons: int
    converted: int
    conversion: float
    conversion_rest: float
    z: float
    p_conversion: float
    q_conversion: float
    median_seconds: float | None
    mann_whitney_u: float
    p_duration: float
    q_duration: float
    significant_conversion: bool
    significant_duration: bool


@dataclass(frozen=True)
class SegmentComparison:
    segmented_by: str
    rows: list[SegmentRow]
    alpha: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "segmented_by": self.segmented_by,
            "alpha": self.alpha,
            "segments": [asdict(r) for r in self.rows],
        }


def person_outcomes(
    events: ibis.Table,
    conversion_event: str,
    *,
    start_event: str | None = None,
    window: dt.timedelta | None = None,
) -> ibis.Table:
    """One row per started person: `person`, `converted` (0/1), `seconds` to convert or NULL."""
    ev = events.mutate(person=person_column(events))
    base = ev.filter(ev.event == start_event) if start_event else ev
    starts = base.group_by("person").aggregate(start_at=base.timestamp.min())
    conversions = ev.filter(ev.event == conversion_event).select("person", at=ev.timestamp)
    paired = conversions.join(starts, "person").filter(lambda t: t.at >= t.start_at)
    if window is not None:
        paired = paired.filter(
            epoch_micros(paired.at) - epoch_micros(paired.start_at)
            <= micros_of(window.total_seconds())
        )
    first = paired.group_by("person").aggregate(converted_at=paired.at.min())
    joined = starts.left_join(first, "person")
    elapsed = seconds(epoch_micros(joined.converted_at) - epoch_micros(joined.start_at))
    return joined.select(
        person=joined.person,
        converted=joined.converted_at.notnull().cast("int64"),
        seconds=elapsed,
    )


def compare_segments(
    events: ibis.Table,
    by: SegmentBy | ibis.Table,
    conversion_event: str,
    *,
    start_event: str | None = None,
    window: dt.timedelta | None = None,
    alpha: float = 0.05,
) -> SegmentComparison:
    """Conversion and duration per segment with z-tests, Mann-Whitney U and BH correction.

    `by` is a segmentation rule or a ready table of `person`, `segment`.
    """
    segments = segment_persons(events, by) if isinstance(by, SegmentBy) else by
    outcomes = person_outcomes(
        events, conversion_event, start_event=start_event, window=window
    ).left_join(segments, "person")
    outcomes = outcomes.select(
        "converted", "seconds", segment=outcomes.segment.cast("string").fill_null(NO_SEGMENT)
    )
    counts = _rows(
        outcomes.group_by("segment").aggregate(
            persons=outcomes.count(),
            converted=outcomes.converted.sum(),
            median_seconds=outcomes.seconds.median(),
        )
    )
    durations = outcomes.filter(outcomes.seconds.notnull())
    ranked = durations.mutate(
        rank=ibis.rank().over(order_by=durations.seconds) + 1,
        ties=durations.seconds.count().over(group_by=durations.seconds),
    )
    average_rank = ranked.rank.cast("float64") + (ranked.ties.cast("float64") - 1) / 2
    rank_sums = {
        r["segment"]: (float(r["rank_sum"]), int(r["n"]))
        for r in _rows(
            ranked.group_by("segment").aggregate(rank_sum=average_rank.sum(), n=ranked.count())
        )
    }
    tie_groups = durations.group_by("seconds").aggregate(t=durations.count())
    tie_term = _rows(
        tie_groups.aggregate(
            term=(tie_groups.t.cast("float64") ** 3 - tie_groups.t.cast("float64")).sum()
        )
    )[0]["term"]
    return _tests(counts, rank_sums, float(tie_term or 0.0), by, alpha)


def _tests(
    counts: list[dict[str, Any]],
    rank_sums: dict[str, tuple[float, int]],
    tie_term: float,
    by: SegmentBy | ibis.Table,
    alpha: float,
) -> SegmentComparison:
    total_persons = sum(int(c["persons"]) for c in counts)
    total_converted = sum(int(c["converted"]) for c in counts)
    total_durations = sum(n for _, n in rank_sums.values())
    partial: list[dict[str, Any]] = []
    for c in sorted(counts, key=lambda r: str(r["segment"])):
        persons, converted = int(c["persons"]), int(c["converted"])
        rest_n, rest_x = total_persons - persons, total_converted - converted
        z, p_conv = two_proportion_z(converted, persons, rest_x, rest_n)
        rank_sum, n = rank_sums.get(c["segment"], (0.0, 0))
        u, p_dur = mann_whitney_from_ranks(rank_sum, n, total_durations - n, tie_term)
        partial.append(
            {
                "segment": str(c["segment"]),
                "persons": persons,
                "converted": converted,
                "conversion": converted / persons if persons else 0.0,
                "conversion_rest": rest_x / rest_n if rest_n else 0.0,
                "z": z,
                "p_conversion": p_conv,
                "median_seconds": None
                if c["median_seconds"] is None
                else float(c["median_seconds"]),
                "mann_whitney_u": u,
                "p_duration": p_dur,
            }
        )
    q = benjamini_hochberg(
        [r["p_conversion"] for r in partial] + [r["p_duration"] for r in partial]
    )
    rows = [
        SegmentRow(
            **r,
            q_conversion=q[k],
            q_duration=q[len(partial) + k],
            significant_conversion=q[k] < alpha,
            significant_duration=q[len(partial) + k] < alpha,
        )
        for k, r in enumerate(partial)
    ]
    label = by.describe() if isinstance(by, SegmentBy) else "segment"
    return SegmentComparison(label, rows, alpha)


def _rows(table: ibis.Table) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table.to_pyarrow().to_pylist()
    return rows
