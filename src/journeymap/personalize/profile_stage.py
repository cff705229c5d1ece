"""Where each person is on the map: current stage, since when, last touchpoint, stage history.

Built on the map's bindings and the stage analyses (`analytics.bind`, `analytics.stage_visits`):
the current stage is the stage of the person's latest staged event (ties broken by message id,
as in every stage analysis), `stage_since` the start of her current stay there, and the history
has one entry per stage she reached, in order of first arrival, with `first_at`, `last_at`,
`stays` and `seconds` (time in the stage over finished stays, as `analyze stages` counts it).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.analytics.clock import seconds
from journeymap.analytics.stage_visits import person_stages, stage_visits, staged_events, stays
from journeymap.model.journey import JourneyMap


def current_stages(staged: ir.Table) -> ir.Table:
    """One row per staged person: `person`, `stage`, `touchpoint` (of her latest staged event),
    `stage_since` (epoch seconds of the start of her latest stay)."""
    window = ibis.window(
        group_by=staged.person, order_by=[ibis.desc(staged.at), ibis.desc(staged.tie)]
    )
    latest = staged.mutate(position=ibis.row_number().over(window))
    latest = latest.filter(latest.position == 0).select("person", "stage", "touchpoint")
    visits = stays(staged)
    since = visits.group_by("person").aggregate(stage_since=seconds(visits.start.max()))
    return latest.join(since, "person")


def stage_history(staged: ir.Table) -> ir.Table:
    """One row per person and stage reached: `person`, `stage`, `first_at`, `last_at`, `stays`,
    `seconds` (epoch seconds and seconds)."""
    history = person_stages(stage_visits(staged))
    # stage tables hold microseconds; profiles read epoch seconds (with their fraction)
    return history.mutate(first_at=seconds(history.first_at), last_at=seconds(history.last_at))


def staged(events: ir.Table, journey: JourneyMap) -> ir.Table:
    """The events bound to `journey` that have a stage (see `analytics.stage_visits`)."""
    return staged_events(events, journey)
