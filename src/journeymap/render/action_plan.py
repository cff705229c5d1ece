"""The action plan: every solution and opportunity of the map, highest priority first.

A row per solution: priority, the solution, the barrier it answers, its stage, owner and status,
and the numbers the priority is computed from (`Solution.priority`). Solutions without a priority
(value or effort not estimated) come last, in map order.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.model import JourneyMap, Solution


@dataclass(frozen=True)
class PlanRow:
    priority: float | None
    solution: str
    barrier: str
    stage: str
    owner: str
    status: str
    """The status key (`planned`, `in_progress`, ...), translated where shown."""
    customer_value: int | None = None
    business_value: int | None = None
    effort: int | None = None


def action_plan(journey: JourneyMap) -> list[PlanRow]:
    rows: list[PlanRow] = []

    def add(solution: Solution, barrier: str, stage: str) -> None:
        rows.append(
            PlanRow(
                solution.priority,
                solution.text,
                barrier,
                stage,
                solution.owner or "",
                solution.status,
                solution.customer_value,
                solution.business_value,
                solution.effort,
            )
        )

    for stage in journey.stages:
        for barrier in stage.barriers:
            for solution in barrier.solutions:
                add(solution, barrier.text, stage.name)
        for solution in stage.opportunities:
            add(solution, "", stage.name)
    # Stable sort: equal priorities keep map order; unestimated ones go last.
    return sorted(rows, key=lambda r: (r.priority is None, -(r.priority or 0.0)))
