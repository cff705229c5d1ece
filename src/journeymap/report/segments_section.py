"""Per-segment stage numbers for the report's segment switcher.

A report "has segments" when `build_report(segments_by=[...])` names segmentations (`trait:KEY`,
`property:KEY`, `channel`, `column:NAME`), or, when it names none, when the map's `simulation`
block declares traits (and named segments, whose name is the `segment` trait) and the data
carries at least one of those trait keys. Each segmentation keeps its `TOP_VALUES` largest
values by persons; smaller ones are merged into `other`. The numbers are exactly
`stage_metrics_by_segment` over the capped segmentation, including its Benjamini-Hochberg
adjusted drop-off tests (a segment against all other persons at each transition), which mark a
segment's conversion to the next stage as different when q < `ALPHA`.

Every value of every segmentation is measured in one pass with all persons
(`segment_groups` and `grouped_stage_metrics`): the report's stage numbers and its switcher
cost the same few queries however many segments there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import ibis.expr.types as ir

from journeymap.analytics.barrier_findings import Finding
from journeymap.analytics.jsonpath import json_text
from journeymap.analytics.segmentation import NO_SEGMENT, OTHER, SegmentBy
from journeymap.analytics.stage_segments import segment_drop_off_tests
from journeymap.analytics.stages import StageMetrics, grouped_stage_metrics
from journeymap.analytics.stats import benjamini_hochberg
from journeymap.model import JourneyMap
from journeymap.report.segment_groups import SegmentGroups, group_name, segment_groups

TOP_VALUES = 8
"""Segment values shown per segmentation; the rest are merged into `other`."""
ALPHA = 0.05
"""A segment's conversion differs from the other persons' when its BH q-value is below this."""


@dataclass(frozen=True)
class SegmentStage:
    """One stage's numbers for the persons of one segment value."""

    stage: str
    persons: int
    converted_to_next: int | None
    conversion_to_next: float | None
    drop_off: int | None
    drop_off_share: float | None
    median_seconds: float | None
    q_value: float | None
    """BH-adjusted q of the drop-off (= conversion) test against all other persons."""
    differs: bool
    """q_value < ALPHA: this segment converts differently from the other persons."""


@dataclass(frozen=True)
class SegmentValue:
    value: str
    persons: int
    """Persons of the segment with any event in the report's scope."""
    stages: list[SegmentStage]


@dataclass(frozen=True)
class Segmentation:
    by: str
    """The segmentation as written: `trait:region`, `channel`, ..."""
    values: list[SegmentValue]
    """Largest first, then `(none)` (persons without a value), then `other` (merged values)."""
    merged: list[str]
    """Values folded into `other` because only the top values are shown."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def checked_specs(specs: Sequence[str]) -> list[str]:
    """The segmentations in their canonical spelling; ValueError for one that cannot be read."""
    return [SegmentBy.parse(spec).describe() for spec in specs]


def default_segmentations(events: ir.Table, journey: JourneyMap) -> list[str]:
    """`trait:KEY` for the map's simulation traits (and `segment`) that the data carries."""
    settings = journey.simulation
    if settings is None:
        return []
    keys = list(settings.traits)
    if settings.segments:
        keys.append("segment")
    if not keys:
        return []
    carried = events.aggregate(
        **{f"k{n}": json_text(events.traits, key).notnull().any() for n, key in enumerate(keys)}
    ).to_pyarrow()
    return [f"trait:{key}" for n, key in enumerate(keys) if carried[f"k{n}"][0].as_py()]


def segmentations(
    bound: ir.Table,
    journey: JourneyMap,
    specs: Sequence[str],
    *,
    top: int = TOP_VALUES,
) -> list[Segmentation]:
    """Per-segment stage numbers for each spec over events already bound to `journey`."""
    with segment_groups(bound, specs, top) as grouping:
        measured = grouped_stage_metrics(bound, journey, grouping.groups, grouping.names)
    return measured_segmentations(grouping, journey, measured.groups)


def measured_segmentations(
    grouping: SegmentGroups, journey: JourneyMap, metrics: dict[str, StageMetrics]
) -> list[Segmentation]:
    """The segmentations of `grouping` with their groups' stage metrics (`group -> metrics`,
    from `grouped_stage_metrics`) and drop-off tests."""
    found: list[Segmentation] = []
    for n, counts in enumerate(grouping.segmentations):
        mine = {value: metrics[group_name(n, value)] for value in counts.persons}
        tests = _tests(journey, mine)
        values = [
            SegmentValue(value, persons, _stages(mine[value], tests, value))
            for value, persons in counts.persons.items()
        ]
        merged = sorted(v for v in counts.merged if v != OTHER)
        found.append(Segmentation(counts.by.describe(), values, merged))
    return found


def _tests(journey: JourneyMap, metrics: dict[str, StageMetrics]) -> list[Finding]:
    """`stage_metrics_by_segment`'s tests over the persons with a value only: a missing trait
    often follows from the journey itself (the simulator, like many shops, identifies at
    checkout), so testing against those persons would mark every value at the early stages."""
    valued = {name: m for name, m in metrics.items() if name != NO_SEGMENT}
    if len(valued) < 2:
        return []
    tests = segment_drop_off_tests(journey, valued)
    q_values = benjamini_hochberg([t.p_value for t in tests])
    return [replace(t, q_value=q) for t, q in zip(tests, q_values, strict=True)]


def _stages(metrics: StageMetrics, tests: list[Finding], value: str) -> list[SegmentStage]:
    q_by_stage = {t.stage: t.q_value for t in tests if t.segment == value}
    return [
        SegmentStage(
            stage=row.stage,
            persons=row.persons,
            converted_to_next=row.converted_to_next,
            conversion_to_next=row.conversion_to_next,
            drop_off=row.drop_off,
            drop_off_share=row.drop_off_share,
            median_seconds=row.median_seconds,
            q_value=q_by_stage.get(row.stage),
            differs=q_by_stage.get(row.stage, 1.0) < ALPHA,
        )
        for row in metrics.stages
    ]
