"""The funnel over the stages, based on the persons who entered the journey.

Persons may enter the journey at any stage (a search ad lands on the catalog), so dividing a
stage's reach by the first stage's reach can exceed 100%. The base here is every person who
reached any stage (`Flows.entered`); each step shows:

- `share_of_entrants`: persons who reached the stage / persons who entered the journey;
- `conversion_from_previous`: of the persons in the previous stage, the share who went on to this
  one (`StageRow.conversion_to_next` of the previous stage), so both are at most 100%;
- `entered_here`: persons whose first stage was this one.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.analytics.stages import StageMetrics
from journeymap.report.flows import Flows


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    name: str
    persons: int
    share_of_entrants: float | None
    conversion_from_previous: float | None
    """None for the first stage."""
    entered_here: int


def stage_funnel(metrics: StageMetrics, flows: Flows | None) -> list[FunnelStep]:
    """One step per stage in map order over the persons who entered the journey."""
    first_column = flows.columns[0] if flows and flows.columns else {}
    reached_any = max((row.persons for row in metrics.stages), default=0)
    entered = max(flows.entered if flows else 0, reached_any)
    steps = []
    previous = None
    for row in metrics.stages:
        steps.append(
            FunnelStep(
                stage=row.stage,
                name=row.name,
                persons=row.persons,
                share_of_entrants=row.persons / entered if entered else None,
                conversion_from_previous=None if previous is None else previous.conversion_to_next,
                entered_here=first_column.get(row.stage, 0),
            )
        )
        previous = row
    return steps
