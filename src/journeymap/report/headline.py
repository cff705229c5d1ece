"""The two-line headline of a report: the weakest stage and the top barrier.

- the weakest stage is the one with the lowest conversion to its next stage among stages that
  have a next stage and persons in them (ties: the earlier stage);
- the top barrier is, among designed and suggested barriers affecting at least one person, the
  most severe one, ties broken by the persons affected.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.analytics.stages import StageRow
from journeymap.report.data import ReportData
from journeymap.report.findings import BarrierImpact

SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}


@dataclass(frozen=True)
class Headline:
    weakest_stage: StageRow | None
    top_barrier: BarrierImpact | None
    stage_names: dict[str, str]

    def lines(self) -> list[str]:
        """Two sentences in English; stage names and barrier texts as the map writes them."""
        return [self._stage_line(), self._barrier_line()]

    def _stage_line(self) -> str:
        row = self.weakest_stage
        if row is None or row.conversion_to_next is None or row.next_stage is None:
            return "Weakest stage: none measured (no stage with persons and a next stage)."
        return (
            f"Weakest stage: {row.name} — {row.conversion_to_next:.0%} of {row.persons:,} "
            f"persons go on to {self.stage_names.get(row.next_stage, row.next_stage)} "
            f"({row.drop_off or 0:,} drop off)."
        )

    def _barrier_line(self) -> str:
        barrier = self.top_barrier
        if barrier is None:
            return "Top barrier: none with measured impact."
        kind = "suggested by the data" if barrier.suggested else barrier.severity
        share = (
            f", {barrier.share_of_stage:.0%} of the stage"
            if barrier.share_of_stage is not None
            else ""
        )
        stage = self.stage_names.get(barrier.stage, barrier.stage)
        return (
            f"Top barrier: {barrier.text} ({kind}; {stage}, "
            f"{barrier.persons_affected or 0:,} persons affected{share})."
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "weakest_stage": self.weakest_stage.stage if self.weakest_stage else None,
            "weakest_conversion": self.weakest_stage.conversion_to_next
            if self.weakest_stage
            else None,
            "top_barrier": self.top_barrier.id if self.top_barrier else None,
            "lines": self.lines(),
        }


def headline(data: ReportData) -> Headline:
    names = {stage.id: stage.name for stage in data.journey.stages}
    return Headline(weakest_stage(data), top_barrier(data), names)


def weakest_stage(data: ReportData) -> StageRow | None:
    if data.stages is None:
        return None
    candidates = [
        row
        for row in data.stages.stages
        if row.persons and row.next_stage is not None and row.conversion_to_next is not None
    ]
    return min(candidates, key=lambda row: row.conversion_to_next or 0.0, default=None)


def top_barrier(data: ReportData) -> BarrierImpact | None:
    affecting = [b for b in [*data.barriers, *data.suggested_barriers] if b.persons_affected]
    return max(
        affecting,
        key=lambda b: (SEVERITY_RANK.get(b.severity, 0), b.persons_affected or 0),
        default=None,
    )
