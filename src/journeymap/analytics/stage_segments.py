"""Stage metrics side by side per segment, with drop-off tests between segments.

Each segment's persons get their own `stage_metrics`, all from one pass
(`grouped_stage_metrics`). At every transition the drop-off share of
one segment is compared with the pooled other segments (two-proportion z-test, Wilson interval);
q-values are Benjamini-Hochberg adjusted across the whole table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import ibis

from journeymap.analytics.barrier_findings import Finding, one_versus_rest
from journeymap.analytics.bind import bind_events
from journeymap.analytics.segment_split import split_segments
from journeymap.analytics.segmentation import SegmentBy
from journeymap.analytics.stages import StageMetrics, grouped_stage_metrics
from journeymap.analytics.stats import benjamini_hochberg
from journeymap.model.journey import JourneyMap


@dataclass(frozen=True)
class SegmentedStages:
    segmented_by: str
    metrics: dict[str, StageMetrics]
    """Segment -> its stage metrics."""
    tests: list[Finding]
    """Drop-off of each segment at each transition against the other segments."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "segmented_by": self.segmented_by,
            "segments": {name: m.as_dict() for name, m in self.metrics.items()},
            "tests": [t.as_dict() for t in self.tests],
        }


def stage_metrics_by_segment(
    events: ibis.Table, journey: JourneyMap, by: SegmentBy
) -> SegmentedStages:
    bound = events if "stage" in events.columns else bind_events(events, journey)
    with bound.cache() as cached:
        metrics = _per_segment(cached, journey, by)
    tests = segment_drop_off_tests(journey, metrics)
    q_values = benjamini_hochberg([t.p_value for t in tests])
    tests = [replace(t, q_value=q) for t, q in zip(tests, q_values, strict=True)]
    return SegmentedStages(by.describe(), metrics, tests)


def _per_segment(bound: ibis.Table, journey: JourneyMap, by: SegmentBy) -> dict[str, StageMetrics]:
    # `split_segments` refuses a key no event has (and too many segments), as every other
    # segmented analysis does, instead of one silent "(none)" segment.
    with split_segments(bound, by) as split:
        groups = split.assigned.select("person", group=split.assigned.segment)
        return grouped_stage_metrics(bound, journey, groups, split.names).groups


def segment_drop_off_tests(journey: JourneyMap, metrics: dict[str, StageMetrics]) -> list[Finding]:
    """One finding per (transition, segment); q-values are left equal to the p-values."""
    found: list[Finding] = []
    for k, stage in enumerate(journey.stages[:-1]):
        rows = [
            (
                stage.id,
                journey.stages[k + 1].id,
                None,
                name,
                m.stages[k].drop_off or 0,
                m.stages[k].persons,
            )
            for name, m in metrics.items()
        ]
        found += one_versus_rest("segment_drop_off", rows)
    return found
