"""Barriers with their measured impact, barriers suggested by the data, and drift between the
design and the data.

Rules (docs/report.md):
- a designed barrier tied to a touchpoint affects the persons with an event at that touchpoint;
  one not tied to a touchpoint is measured by its stage's drop-off (persons who do not reach
  the next stage);
- a stage losing at least `SUGGEST_DROP_OFF` of its persons before the next stage, with no
  designed barrier, gets a suggested barrier (`suggested: true`, evidence `analytics`); a
  transition the bindings cannot measure has no drop-off (`report.measurability` blanks it), so
  it never yields a suggestion;
- drift lists bound touchpoints never seen in the data, stage transitions in real paths taken
  by at least `FREQUENT_PATH` of the persons that the design does not have (skipping or going
  back a stage), and stages whose order of first entry in data differs from the map.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from journeymap.analytics.stages import StageMetrics
from journeymap.model import JourneyMap
from journeymap.model.evidence import Evidence
from journeymap.report.flows import DROP_OFF, OTHER, Flows

SUGGEST_DROP_OFF = 0.4
FREQUENT_PATH = 0.05


@dataclass(frozen=True)
class BarrierImpact:
    id: str
    stage: str
    text: str
    severity: str
    suggested: bool
    touchpoint: str | None
    persons_affected: int | None
    share_of_stage: float | None
    evidence: list[str] = field(default_factory=list)
    source: str = "analytics"
    """Where a suggestion comes from: `analytics` (stage drop-off), `feedback` (negative
    themes) or `map` (designed)."""


@dataclass(frozen=True)
class Drift:
    unseen_touchpoints: list[str]
    unbound_touchpoints: list[str]
    undesigned_transitions: list[dict[str, Any]]
    unbound_events: list[dict[str, Any]]
    order_in_data: list[str]
    order_differs: bool


def barrier_impacts(
    journey: JourneyMap,
    metrics: StageMetrics,
    touchpoints: dict[str, int],
    *,
    unmeasurable: Collection[str] = (),
) -> list[BarrierImpact]:
    """Designed barriers with the persons affected; None (not 0) when their touchpoint is in
    `unmeasurable` (no event can be bound to it) or their stage's drop-off is not measured."""
    impacts = []
    for stage, barrier in journey.barriers():
        row = metrics.stage(stage.id)
        if barrier.touchpoint is not None:
            affected: int | None = (
                None
                if barrier.touchpoint in unmeasurable
                else touchpoints.get(barrier.touchpoint, 0)
            )
        else:
            affected = row.drop_off
        share = affected / row.persons if affected is not None and row.persons else None
        impacts.append(
            BarrierImpact(
                id=barrier.id,
                stage=stage.id,
                text=barrier.text,
                severity=barrier.severity,
                suggested=barrier.suggested,
                touchpoint=barrier.touchpoint,
                persons_affected=affected,
                share_of_stage=share,
                evidence=[designed_evidence(e) for e in barrier.evidence],
                source="map",
            )
        )
    return impacts


def designed_evidence(evidence: Evidence) -> str:
    """A designed barrier's evidence as the map states it, with where it comes from, so a number
    in the note reads as the map's claim and not as one this report measured."""
    sample = f", n = {evidence.sample_size:,}" if evidence.sample_size is not None else ""
    if evidence.note is None:
        return f"{evidence.source}{sample}"
    return f"{evidence.note} ({evidence.source}{sample}, as stated in the map)"


def suggested_barriers(journey: JourneyMap, metrics: StageMetrics) -> list[BarrierImpact]:
    names = {s.id: s.name for s in journey.stages}
    suggestions = []
    for stage in journey.stages:
        row = metrics.stage(stage.id)
        if stage.barriers or row.drop_off_share is None or row.next_stage is None:
            continue
        if row.drop_off_share < SUGGEST_DROP_OFF:
            continue
        severity = "high" if row.drop_off_share >= 0.6 else "medium"
        text = (
            f"{row.drop_off} of {row.persons} persons ({row.drop_off_share:.0%}) do not reach "
            f"{names[row.next_stage]}"
        )
        suggestions.append(
            BarrierImpact(
                id=f"drop-off-{stage.id}",
                stage=stage.id,
                text=text,
                severity=severity,
                suggested=True,
                touchpoint=None,
                persons_affected=row.drop_off,
                share_of_stage=row.drop_off_share,
                evidence=[f"stage drop-off {row.drop_off_share:.0%}"],
            )
        )
    return suggestions


def drift(
    journey: JourneyMap,
    flows: Flows,
    touchpoints: dict[str, int],
    unbound_events: list[dict[str, Any]],
) -> Drift:
    bound = [tp.id for tp in journey.touchpoints if tp.bindings]
    order = [s.id for s in journey.stages]
    designed = set(itertools.pairwise(order))
    transitions: dict[tuple[str, str], int] = {}
    for link in flows.links:
        if link.source in (DROP_OFF, OTHER) or link.target in (DROP_OFF, OTHER):
            continue
        key = (link.source, link.target)
        transitions[key] = transitions.get(key, 0) + link.persons
    frequent = [
        {"from": a, "to": b, "persons": n, "share": n / flows.entered}
        for (a, b), n in sorted(transitions.items(), key=lambda kv: -kv[1])
        if (a, b) not in designed and flows.entered and n / flows.entered >= FREQUENT_PATH
    ]
    in_data = _order_in_data(flows, order)
    seen = [s for s in order if s in in_data]
    return Drift(
        unseen_touchpoints=[tp for tp in bound if touchpoints.get(tp, 0) == 0],
        unbound_touchpoints=[tp.id for tp in journey.touchpoints if not tp.bindings],
        undesigned_transitions=frequent,
        unbound_events=[
            e for e in unbound_events if flows.entered and e["persons"] / flows.entered >= 0.05
        ],
        order_in_data=in_data,
        order_differs=in_data != seen,
    )


def _order_in_data(flows: Flows, order: list[str]) -> list[str]:
    """Stages by their mean column in real paths (ties in map order)."""
    weighted: dict[str, list[int]] = {}
    for column, nodes in enumerate(flows.columns):
        for node, persons in nodes.items():
            if node in order:
                sums = weighted.setdefault(node, [0, 0])
                sums[0] += column * persons
                sums[1] += persons
    return sorted(weighted, key=lambda s: (weighted[s][0] / weighted[s][1], order.index(s)))
