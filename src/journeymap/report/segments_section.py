"""Per-segment stage numbers for the report's segment switcher.

A report "has segments" when `build_report(segments_by=[...])` names segmentations (`trait:KEY`,
`property:KEY`, `channel`, `column:NAME`), or, when it names none, when the map's `simulation`
block declares traits (and named segments, whose name is the `segment` trait) and the data
carries at least one of those trait keys. Each segmentation keeps its `TOP_VALUES` largest
values by persons; smaller ones are merged into `other`. The numbers are exactly
`stage_metrics_by_segment` over the capped segmentation, including its Benjamini-Hochberg
adjusted drop-off tests (a segment against all other persons at each transition), which mark a
segment's conversion to the next stage as different when q < `ALPHA`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import ibis
import ibis.expr.types as ir

from journeymap.analytics.barrier_findings import Finding
from journeymap.analytics.jsonpath import json_text
from journeymap.analytics.segmentation import (
    NO_SEGMENT,
    OTHER,
    SegmentBy,
    person_column,
    segment_persons,
)
from journeymap.analytics.stage_segments import segment_drop_off_tests, stage_metrics_by_segment
from journeymap.analytics.stages import StageMetrics
from journeymap.analytics.stats import benjamini_hochberg
from journeymap.model import JourneyMap

TOP_VALUES = 8
"""Segment values shown per segmentation; the rest are merged into `other`."""
ALPHA = 0.05
"""A segment's conversion differs from the other persons' when its BH q-value is below this."""
SEGMENT_COLUMN = "_report_segment"


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
    return [_segmentation(bound, journey, SegmentBy.parse(spec), top) for spec in specs]


def _segmentation(bound: ir.Table, journey: JourneyMap, by: SegmentBy, top: int) -> Segmentation:
    with segment_persons(bound, by).cache() as assigned:
        counts = assigned.group_by("segment").aggregate(persons=assigned.count()).to_pyarrow()
        sizes = dict(zip(counts["segment"].to_pylist(), counts["persons"].to_pylist(), strict=True))
        ranked = sorted(sizes, key=lambda value: (-sizes[value], value))
        kept, merged = ranked[:top], ranked[top:]
        if merged and OTHER in kept:
            # a real value named `other` joins the merged ones rather than showing twice
            kept.remove(OTHER)
            merged.append(OTHER)
        capped = assigned.select(
            _member=assigned.person,
            **{
                SEGMENT_COLUMN: ibis.cases(
                    (assigned.segment.isin(kept), assigned.segment), else_=OTHER
                )
            },
        )
        with_person = bound.mutate(_person=person_column(bound))
        labelled = with_person.left_join(capped, with_person._person == capped._member).drop(
            "_person", "_member"
        )
        result = stage_metrics_by_segment(labelled, journey, SegmentBy("column", SEGMENT_COLUMN))
    # persons without a value (e.g. never identified) go after the named values
    kept.sort(key=lambda value: value == NO_SEGMENT)
    persons = {value: sizes[value] for value in kept}
    if merged:
        persons[OTHER] = sum(sizes[value] for value in merged)
    tests = _tests(journey, result.metrics)
    values = [
        SegmentValue(value, count, _stages(result.metrics[value], tests, value))
        for value, count in persons.items()
        if value in result.metrics
    ]
    return Segmentation(by.describe(), values, sorted(v for v in merged if v != OTHER))


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
