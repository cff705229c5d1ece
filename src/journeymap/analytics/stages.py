"""Stage metrics: how persons move through the stages of a map.

Events are bound to the map (`bind_events`); only events with a stage count. Per stage, in map
order:

- `persons`: persons with at least one event in the stage (reached it);
- `converted_to_next`: of them, persons with an event in the next stage after their first event
  in this stage, in the one order of events (time, then source order: `event_order.py`);
  `conversion_to_next` is the share, `drop_off` the rest (count and share);
- time in stage: a *stay* is a run of a person's consecutive stage events (ordered by time, then
  source order) in the same stage; it lasts from its first event until the first event of the next
  stay. A person's time in a stage is the sum of her finished stays there (a last stay, which has
  no exit, is left out); `median_seconds` and `p90_seconds` summarize it over persons;
- `re_entries`: stays beyond the first (coming back after another stage); `persons_reentering`;
- `touchpoints` and `channels`: persons per touchpoint and per channel within the stage.

Overall: persons who reached the first stage and, after their first event there (same order),
the last stage (`overall_conversion`).

How (`stage_pass`): one small query lists the channels; one aggregate of the bound events gives
each person's first and last time and flags in each stage, in one row per person (cached);
persons whose stages' time spans neither meet nor overlap are summed up from it, and only the
events of the others go through the window pass that finds their stays. One more query sums it
all up per stage (`stage_summary`).

Per group of persons (`grouped_stage_metrics`, e.g. every value of several segmentations): the
same numbers as `stage_metrics` over each group's persons' events alone, from the same three
queries; only the last one is grouped as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import ibis

from journeymap.analytics.stage_pass import (
    coded_stage_events,
    crossing_events,
    person_pivot,
    stage_codes,
    windowed_stays,
)
from journeymap.analytics.stage_summary import persons_by, stage_summary, time_quantiles
from journeymap.analytics.stage_visits import staged_events, stays
from journeymap.model.journey import JourneyMap

__all__ = [
    "GroupedStageMetrics",
    "StageMetrics",
    "StageRow",
    "grouped_stage_metrics",
    "stage_metrics",
    "staged_events",
    "stays",
]


@dataclass(frozen=True)
class StageRow:
    stage: str
    name: str
    persons: int
    next_stage: str | None
    converted_to_next: int | None
    conversion_to_next: float | None
    drop_off: int | None
    drop_off_share: float | None
    median_seconds: float | None
    p90_seconds: float | None
    re_entries: int
    persons_reentering: int
    touchpoints: dict[str, int]
    channels: dict[str, int]


@dataclass(frozen=True)
class StageMetrics:
    stages: list[StageRow]
    persons_first_stage: int
    persons_reaching_last: int
    overall_conversion: float | None

    def stage(self, stage_id: str) -> StageRow:
        for row in self.stages:
            if row.stage == stage_id:
                return row
        raise KeyError(stage_id)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GroupedStageMetrics:
    everyone: StageMetrics
    """All persons of the events."""
    groups: dict[str, StageMetrics]
    """Group name -> the metrics of its persons, for every name asked for."""
    time_quantiles: dict[str, dict[str, float]]
    """All persons: stage id -> `persons` with a finished stay there and `p10`, `p25`, `p50`,
    `p75`, `p90` of their time there in seconds (stages where someone finished a stay)."""


def stage_metrics(events: ibis.Table, journey: JourneyMap) -> StageMetrics:
    """Reach, conversion to the next stage, time in stage, re-entries and touchpoints per stage."""
    return grouped_stage_metrics(events, journey).everyone


def grouped_stage_metrics(
    events: ibis.Table,
    journey: JourneyMap,
    groups: ibis.Table | None = None,
    names: Sequence[str] = (),
) -> GroupedStageMetrics:
    """`stage_metrics` of all persons and of each group of persons, from one pass.

    `groups` has a row (`person`, `group`) per person and group she is in (a person may be in
    several); `names` are the groups to report: a group none of whose persons reached a stage
    gets zeros, as `stage_metrics` gives over no events. A group's numbers are those of
    `stage_metrics` over the events of its persons (matched by equality: events without any
    person id are in no group).
    """
    if not journey.stages:
        empty = StageMetrics([], 0, 0, None)
        return GroupedStageMetrics(empty, dict.fromkeys(names, empty), {})
    codes = stage_codes(events, journey)
    coded = coded_stage_events(events, journey, codes)
    with person_pivot(coded, codes).cache() as pivot:
        # only crossing persons' events need the window sort (and a second binding)
        crossing = coded_stage_events(crossing_events(events, pivot), journey, codes)
        summary = stage_summary(pivot, windowed_stays(crossing, len(codes.stages)), codes, groups)
    used = persons_by(summary, coded, codes, groups)
    return GroupedStageMetrics(
        _metrics(journey, summary.get(None, {}), used.get(None, {})),
        {name: _metrics(journey, summary.get(name, {}), used.get(name, {})) for name in names},
        time_quantiles(summary.get(None, {}), codes),
    )


def _metrics(
    journey: JourneyMap,
    summary: dict[int, dict[str, Any]],
    used: dict[tuple[str, str], dict[str, int]],
) -> StageMetrics:
    rows: list[StageRow] = []
    last = len(journey.stages) - 1
    for k, stage in enumerate(journey.stages):
        here = summary.get(k, {})
        persons = int(here.get("persons") or 0)
        following = journey.stages[k + 1].id if k < last else None
        moved = int(here.get("converted") or 0) if k < last else None
        rows.append(
            StageRow(
                stage=stage.id,
                name=stage.name,
                persons=persons,
                next_stage=following,
                converted_to_next=moved,
                conversion_to_next=_share(moved, persons),
                drop_off=persons - moved if moved is not None else None,
                drop_off_share=_share(persons - moved, persons) if moved is not None else None,
                median_seconds=_float(here.get("median")),
                p90_seconds=_float(here.get("p90")),
                re_entries=int(here.get("re_entries") or 0),
                persons_reentering=int(here.get("reentering") or 0),
                touchpoints=used.get(("touchpoint", stage.id), {}),
                channels=used.get(("channel", stage.id), {}),
            )
        )
    first = rows[0].persons
    reaching_last = int(summary.get(0, {}).get("overall") or 0) if last else first
    return StageMetrics(rows, first, reaching_last, reaching_last / first if first else None)


def _share(part: int | None, whole: int) -> float | None:
    return part / whole if part is not None and whole else None


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
