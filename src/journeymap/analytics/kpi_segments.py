"""The map's KPIs per segment, side by side, with tests where the data allows them.

Each segment's KPIs are `evaluate_kpis` run on that segment's persons alone (event names are
checked against all events, so a segment without an event gets a zero or `no data`, not an
error). Tests against the pooled other segments:

- `conversion`, `rate`, `repeat_rate`: two-proportion z-test on the persons counted out of the
  persons in the denominator;
- `median_time`, `p90_time`: Mann-Whitney U on the per-person seconds from A to B (it compares
  whole distributions, not the 90th percentile itself);
- `count`, `persons`: values only (a count has no denominator to test a share against).

Benjamini-Hochberg runs across every test of the table.
"""

from __future__ import annotations

from functools import reduce

import ibis

from journeymap.analytics.kpi import (
    evaluate_kpis,
    prepare_kpi_events,
    reach_seconds,
    share_counts,
)
from journeymap.analytics.kpi_effect import EffectLookup, within_segments
from journeymap.analytics.kpi_expr import (
    SHARE_FUNCTIONS,
    TIME_FUNCTIONS,
    KPIExpressionError,
    Measure,
    parse_measure,
)
from journeymap.analytics.rank_tests import mann_whitney_tests
from journeymap.analytics.repeat_counts import DEFAULT_REPEAT_BY, RepeatBy
from journeymap.analytics.segment_split import SegmentSplit, split_segments
from journeymap.analytics.segment_tests import (
    SegmentedResult,
    SegmentTest,
    finish_tests,
    proportion_tests,
)
from journeymap.analytics.segmentation import SegmentBy
from journeymap.analytics.steps import available_names
from journeymap.model.journey import JourneyMap

UNTESTED = ("count", "persons")


def kpis_by_segment(
    events: ibis.Table,
    journey: JourneyMap,
    by: SegmentBy,
    *,
    alpha: float = 0.05,
    repeat_by: RepeatBy = DEFAULT_REPEAT_BY,
    effects: EffectLookup | None = None,
) -> SegmentedResult:
    """Each segment: `{"kpis": [KPIResult.as_dict(), ...]}`; tests as the module says
    (`repeat_rate` counts purchases `repeat_by` orders or days, as `evaluate_kpis`).
    `effect(...)` KPIs are the chain's lift within each segment (`kpi_effect.within_segments`:
    `effect(CHAIN, MARKER, by=...)` with this segmentation), `no data` with the reason when
    the segment's lift cannot be told."""
    per_segment = within_segments(effects, by.describe()) if effects is not None else None
    with prepare_kpi_events(events, journey).cache() as prepared:
        names = available_names(prepared, "event")
        with split_segments(prepared, by) as split:
            segments = {
                name: {
                    "kpis": [
                        r.as_dict()
                        for r in evaluate_kpis(
                            split.subset(name),
                            journey,
                            event_names=names,
                            repeat_by=repeat_by,
                            effects=per_segment(name) if per_segment is not None else None,
                        )
                    ]
                }
                for name in split.names
            }
            measures = _measures(journey, names)
            tests = _share_tests(split, measures, repeat_by)
            tests += _time_tests(prepared, split, measures)
    notes = [f"{', '.join(UNTESTED)} KPIs are reported per segment without a test"]
    return SegmentedResult(
        "kpis", split.segmented_by, segments, finish_tests(tests, alpha), alpha, notes
    )


def _measures(journey: JourneyMap, event_names: list[str]) -> dict[str, Measure]:
    """KPI id -> its measure, for the KPIs that can be evaluated at all."""
    found: dict[str, Measure] = {}
    for stage in journey.stages:
        for kpi in stage.kpis:
            if not kpi.measure:
                continue
            try:
                measure = parse_measure(kpi.measure, journey, kpi.id)
            except KPIExpressionError:
                continue
            if all(s.kind != "event" or s.value in event_names for s in measure.operands):
                found[kpi.id] = measure
    return found


def _share_tests(
    split: SegmentSplit, measures: dict[str, Measure], repeat_by: RepeatBy
) -> list[SegmentTest]:
    tests: list[SegmentTest] = []
    for kpi, measure in measures.items():
        if measure.function in SHARE_FUNCTIONS:
            counts = {
                name: share_counts(split.subset(name), measure, repeat_by=repeat_by)
                for name in split.names
            }
            tests += proportion_tests(kpi, measure.function, counts)
    return tests


def _time_tests(
    prepared: ibis.Table, split: SegmentSplit, measures: dict[str, Measure]
) -> list[SegmentTest]:
    parts = []
    for kpi, measure in measures.items():
        if measure.function in TIME_FUNCTIONS:
            reached = reach_seconds(prepared, measure).join(split.assigned, "person")
            parts.append(
                reached.select(
                    segment=reached.segment,
                    item=ibis.literal(kpi, "string"),
                    value=reached.seconds.cast("float64"),
                )
            )
    if not parts:
        return []
    return mann_whitney_tests(reduce(lambda a, b: a.union(b), parts), "seconds")
