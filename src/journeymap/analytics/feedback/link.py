"""Linking feedback to the map: the touchpoint and stage each answer is about.

- An answer that names its touchpoint gets the touchpoint's stage from the map (the first stage
  listing it, as `bind_events` does).
- An answer with neither touchpoint nor stage gets the person's touchpoint at that time: the
  latest of the person's events bound to a touchpoint at or before the answer (survey events
  themselves excluded), and that event's stage.
- Answers naming a stage keep it.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.analytics.bind import bind_events, touchpoint_stages
from journeymap.analytics.feedback.schema import FEEDBACK_COLUMNS, SURVEY_EVENT
from journeymap.model.journey import JourneyMap

_NULL_STRING = ibis.null().cast("string")


def link_feedback(feedback: ir.Table, events: ir.Table, journey: JourneyMap) -> ir.Table:
    """`feedback` with `touchpoint` and `stage` filled from the map and the person's events
    (raw, or already bound by `bind_events`: the report binds once and passes the bound table)."""
    with_stages = fill_stages(feedback, journey)
    bound = events if "stage" in events.columns else bind_events(events, journey)
    candidates = bound.filter(bound.touchpoint.notnull() & (bound.event != SURVEY_EVENT)).select(
        _person=bound.person_id,
        _at=bound.timestamp,
        _touchpoint=bound.touchpoint,
        _stage=bound.stage,
    )
    unlinked = with_stages.filter(with_stages.touchpoint.isnull() & with_stages.stage.isnull())
    linked = with_stages.filter(with_stages.touchpoint.notnull() | with_stages.stage.notnull())
    joined = unlinked.left_join(
        candidates,
        [
            unlinked.person_id == candidates._person,
            candidates._at <= unlinked.timestamp,
        ],
    )
    order = ibis.row_number().over(
        group_by=joined.feedback_id,
        order_by=[ibis.desc(joined._at), ibis.desc(joined._touchpoint)],
    )
    latest = joined.mutate(_rank=order).filter(lambda t: t._rank == 0)
    resolved = latest.mutate(touchpoint=latest._touchpoint, stage=latest._stage).select(
        *FEEDBACK_COLUMNS
    )
    return linked.select(*FEEDBACK_COLUMNS).union(resolved)


def fill_stages(feedback: ir.Table, journey: JourneyMap) -> ir.Table:
    """Stage from the map for answers that name a touchpoint and no stage."""
    cases = [(feedback.touchpoint == tp, stage) for tp, stage in touchpoint_stages(journey).items()]
    if not cases:
        return feedback
    derived = ibis.cases(*cases, else_=_NULL_STRING)
    return feedback.mutate(stage=feedback.stage.coalesce(derived))
