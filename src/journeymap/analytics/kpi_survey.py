"""Survey measures of the KPI language: `nps(X)`, `csat(X)`, `ces(X)` of a touchpoint or stage.

Answers are the `Survey Answered` events of the data (`feedback.from_events`), each carrying its
`touchpoint` and/or `stage` in its properties; an answer about a touchpoint counts for the stage
that holds the touchpoint too. Values: NPS -100..100 (promoters 9-10 minus detractors 0-6, as
a share of answers, times 100), CSAT the share of 4-5 answers (a share: `unit: %` shows 0-100),
CES the mean score (1-7, 7 = very easy). Persons are the distinct persons who answered.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from journeymap.analytics.kpi_expr import Measure
from journeymap.model.journey import JourneyMap


def survey_measure_value(
    events: ir.Table, measure: Measure, journey: JourneyMap | None = None
) -> tuple[float | None, int]:
    """(value, persons who answered) of a survey measure over the events."""
    from journeymap.analytics.feedback.from_events import feedback_from_events

    answers = feedback_from_events(events)
    step = measure.operands[0]
    about = answers.touchpoint == step.value
    if step.kind == "stage":
        touchpoints = _touchpoints_of(journey, step.value)
        about = (answers.stage == step.value) | (
            answers.touchpoint.isin(touchpoints) if touchpoints else ibis.literal(False)
        )
    scored = answers.filter(about.fill_null(False) & (answers.kind == measure.function))
    score = scored.score
    row = _one(
        scored.aggregate(
            n=score.count(),
            total=score.sum(),
            high=(score >= (9 if measure.function == "nps" else 4)).cast("int64").sum(),
            low=(score <= 6).cast("int64").sum(),
            persons=scored.person_id.nunique(),
        )
    )
    answered = int(row["n"] or 0)
    persons = int(row["persons"] or 0)
    if not answered:
        return None, persons
    if measure.function == "nps":
        return 100 * (int(row["high"]) - int(row["low"])) / answered, persons
    if measure.function == "csat":
        return int(row["high"]) / answered, persons
    return float(row["total"]) / answered, persons


def _touchpoints_of(journey: JourneyMap | None, stage_id: str) -> list[str]:
    if journey is None:
        return []
    return next((list(s.touchpoints) for s in journey.stages if s.id == stage_id), [])


def _one(table: ir.Table) -> dict[str, Any]:
    row: dict[str, Any] = table.to_pyarrow().to_pylist()[0]
    return row
