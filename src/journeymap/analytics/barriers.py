"""Barrier detection: where persons drop off, get stuck or loop more than elsewhere on the map.

Findings (see `barrier_findings` for the statistics), all computed from bound events:

- `drop_off`: the drop-off share of a stage transition against the other transitions of the map;
- `segment_drop_off`: the drop-off share of one segment at a transition against the other
  segments at the same transition (when a segmentation is given);
- `touchpoint_exit`: the share of a touchpoint's persons whose last stage event was there and
  who never reached the last stage, against the other touchpoints;
- `dwell`: the share of a stage's persons whose time in the stage (as in `stage_metrics`) is
  above the 90th percentile of the times in all stages, against the other stages;
- `loop`: the share of a stage's persons who came back to it after another stage (rework),
  against the other stages.

Findings with a positive effect and q < alpha become suggested `Barrier`s on their stage
(`suggested: true`, evidence `analytics` with the numbers in the note and the drill-down command
in the link), ranked by excess persons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import ibis

from journeymap.analytics.barrier_findings import Finding, one_versus_rest
from journeymap.analytics.bind import bind_events
from journeymap.analytics.segmentation import SegmentBy
from journeymap.analytics.stage_segments import stage_metrics_by_segment
from journeymap.analytics.stage_visits import person_stages, stage_visits, staged_events
from journeymap.analytics.stages import StageMetrics, stage_metrics
from journeymap.analytics.stats import benjamini_hochberg
from journeymap.model.barrier import Barrier, Severity
from journeymap.model.evidence import Evidence
from journeymap.model.journey import JourneyMap


@dataclass(frozen=True)
class BarrierReport:
    findings: list[Finding]
    """All findings, ranked by excess persons (largest first)."""
    barriers: list[tuple[str, Barrier]]
    """(stage id, suggested barrier) for the significant findings."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "findings": [f.as_dict() for f in self.findings],
            "barriers": [
                {"stage": stage, **b.model_dump(mode="json", exclude_none=True)}
                for stage, b in self.barriers
            ],
        }


def detect_barriers(
    events: ibis.Table,
    journey: JourneyMap,
    *,
    segment: SegmentBy | None = None,
    alpha: float = 0.05,
    min_persons: int = 10,
) -> BarrierReport:
    """Rank drop-offs, exits, slow stages and loops; suggest barriers for significant ones."""
    bound = events if "stage" in events.columns else bind_events(events, journey)
    with bound.cache() as cached:
        found = _findings(cached, journey, segment)
    found = [f for f in found if f.base >= min_persons]
    q_values = benjamini_hochberg([f.p_value for f in found])
    found = [replace(f, q_value=q) for f, q in zip(found, q_values, strict=True)]
    found.sort(key=lambda f: (-f.excess_persons, f.kind, f.stage, str(f.touchpoint)))
    barriers = [
        (f.stage, suggested_barrier(f)) for f in found if f.effect > 0 and f.q_value < alpha
    ]
    return BarrierReport(found, barriers)


def _findings(bound: ibis.Table, journey: JourneyMap, segment: SegmentBy | None) -> list[Finding]:
    metrics = stage_metrics(bound, journey)
    with staged_events(bound, journey).cache() as staged:
        found = [
            *_drop_offs(metrics),
            *_loops(metrics),
            *_dwell(staged),
            *_touchpoint_exits(staged, journey),
        ]
    if segment is not None:
        found += stage_metrics_by_segment(bound, journey, segment).tests
    return found


def _drop_offs(metrics: StageMetrics) -> list[Finding]:
    rows = [
        (r.stage, r.next_stage, None, None, r.drop_off or 0, r.persons)
        for r in metrics.stages
        if r.next_stage is not None
    ]
    return one_versus_rest("drop_off", rows)


def _loops(metrics: StageMetrics) -> list[Finding]:
    rows = [(r.stage, None, None, None, r.persons_reentering, r.persons) for r in metrics.stages]
    return one_versus_rest("loop", rows)


def _dwell(staged: ibis.Table) -> list[Finding]:
    per_person = person_stages(stage_visits(staged))
    finished = per_person.filter(per_person.seconds.notnull())
    threshold = finished.seconds.quantile(0.9).as_scalar()
    counts = finished.group_by("stage").aggregate(
        slow=(finished.seconds > threshold).cast("int64").sum(), persons=finished.count()
    )
    rows = [
        (str(r["stage"]), None, None, None, int(r["slow"]), int(r["persons"]))
        for r in sorted(counts.to_pyarrow().to_pylist(), key=lambda r: str(r["stage"]))
    ]
    return one_versus_rest("dwell", rows)


def _touchpoint_exits(staged: ibis.Table, journey: JourneyMap) -> list[Finding]:
    if not journey.stages:
        return []
    last_stage = journey.stages[-1].id
    window = ibis.window(
        group_by=staged.person, order_by=[ibis.desc(staged.at), ibis.desc(staged.tie)]
    )
    ranked = staged.mutate(
        rank=ibis.row_number().over(window),
        finished=(staged.stage == last_stage)
        .cast("int64")
        .max()
        .over(ibis.window(group_by=staged.person)),
    )
    exits = ranked.filter((ranked.rank == 0) & (ranked.finished == 0) & ranked.touchpoint.notnull())
    exit_counts = exits.group_by("touchpoint").aggregate(exits=exits.person.nunique())
    used = staged.filter(staged.touchpoint.notnull())
    users = used.group_by(["touchpoint", "stage"]).aggregate(persons=used.person.nunique())
    joined = users.left_join(exit_counts, "touchpoint")
    rows = [
        (str(r["stage"]), None, str(r["touchpoint"]), None, int(r["exits"] or 0), int(r["persons"]))
        for r in sorted(
            joined.select(
                "stage", touchpoint=users.touchpoint, persons=users.persons, exits=joined.exits
            )
            .to_pyarrow()
            .to_pylist(),
            key=lambda r: str(r["touchpoint"]),
        )
        if r["stage"] != last_stage
    ]
    return one_versus_rest("touchpoint_exit", rows)


def _severity(effect: float) -> Severity:
    if effect >= 0.3:
        return "critical"
    if effect >= 0.2:
        return "high"
    if effect >= 0.1:
        return "medium"
    return "low"


_TEXT = {
    "drop_off": "Persons drop off between {stage} and {next_stage} more than elsewhere",
    "segment_drop_off": "Segment {segment} drops off between {stage} and {next_stage} more "
    "than other segments",
    "touchpoint_exit": "Journeys end at touchpoint {touchpoint} more than at other touchpoints",
    "dwell": "Persons stay long in {stage} (slowest 10 % of stage times)",
    "loop": "Persons come back to {stage} after moving on (rework)",
}


def suggested_barrier(found: Finding) -> Barrier:
    """A suggested barrier for a finding, with the numbers as analytics evidence."""
    text = _TEXT[found.kind].format(**found.as_dict())
    note = (
        f"{found.kind}: {found.count} of {found.base} persons ({found.share:.1%}, 95% CI "
        f"{found.ci_low:.1%}-{found.ci_high:.1%}) vs {found.baseline:.1%} elsewhere; "
        f"effect {found.effect:+.1%}, q={found.q_value:.3g}, "
        f"about {found.excess_persons:.0f} persons more than usual"
    )
    if found.next_stage:
        link = f"journeymap analyze funnel stage:{found.stage} stage:{found.next_stage}"
    else:
        link = f"journeymap analyze stages --json  # stage {found.stage}"
    parts = [found.kind, found.stage, found.touchpoint or "", found.segment or ""]
    slug = re.sub(r"[^A-Za-z0-9_.\-]+", "-", "-".join(p for p in parts if p)).strip("-")
    return Barrier(
        id=f"analytics-{slug}"[:80],
        text=text,
        severity=_severity(found.effect),
        evidence=[Evidence(source="analytics", note=note, link=link, sample_size=found.base)],
        touchpoint=found.touchpoint,
        suggested=True,
    )
