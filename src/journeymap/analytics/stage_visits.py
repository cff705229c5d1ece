"""Stage histories of persons: staged events, stays, and one row per person and stage.

A *stay* is a run of a person's consecutive stage events (ordered by time, then message id) in
the same stage; it lasts from its first event until the first event of the next stay, and the
person's last stay, which has no exit, is *open*. These tables are what stage metrics, barriers
and the report build on.

`stage_visits` computes, in one window pass (previous and next event of the person) and one
aggregate per person, stage, touchpoint and channel, partial sums that `person_stages` adds up
per person and stage, without numbering stays: a stay starts at an event whose
previous event has another stage and ends at an event whose next event has another stage, so a
person's finished time in a stage is the sum of the exits (the next event's time after each stay
end) minus the sum of the stay starts, leaving out the open stay. Times are whole seconds held in
float64, so these sums are exact on every engine.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.analytics.bind import bind_events
from journeymap.analytics.clock import epoch_seconds
from journeymap.analytics.segmentation import person_column
from journeymap.model.journey import JourneyMap


def staged_events(events: ir.Table, journey: JourneyMap) -> ir.Table:
    """Bound events that have a stage: `person`, `stage`, `touchpoint`, `channel`, `at`, ..."""
    bound = events if "stage" in events.columns else bind_events(events, journey)
    bound = bound.filter(bound.stage.notnull())
    return bound.select(
        person=person_column(bound),
        stage=bound.stage,
        touchpoint=bound.touchpoint,
        channel=bound.channel,
        message_id=bound.message_id,
        at=epoch_seconds(bound.timestamp),
    )


def _stay_edges(staged: ir.Table) -> ir.Table:
    """`staged` with `starts` (first event of a stay), `ends` (last event of a stay) and
    `next_at` (time of the person's next event, NULL after her last)."""
    window = ibis.window(group_by=staged.person, order_by=[staged.at, staged.message_id])
    previous_stage = staged.stage.lag(1).over(window)
    next_stage = staged.stage.lead(1).over(window)
    return staged.mutate(
        starts=(staged.stage != previous_stage).fill_null(True),
        ends=(staged.stage != next_stage).fill_null(True),
        next_at=staged.at.lead(1).over(window),
    )


def stays(staged: ir.Table) -> ir.Table:
    """One row per stay: `person`, `stage`, `stay` (0-based per person), `start`, `seconds`
    (NULL for the open stay)."""
    edges = _stay_edges(staged)
    starts = edges.filter(edges.starts)
    following = ibis.window(group_by=starts.person, order_by=[starts.at, starts.message_id])
    return starts.select(
        "person",
        stay=ibis.row_number().over(following),
        stage=starts.stage,
        start=starts.at,
        seconds=starts.at.lead(1).over(following) - starts.at,
    )


def stage_visits(staged: ir.Table) -> ir.Table:
    """One row per person, stage, touchpoint and channel seen, with partial sums that add up
    per person and stage (see `person_stages`): `first_at`, `last_at`, `stays` (stays starting
    here), `start_sum` and `start_max` (of stay starts), `exit_sum` (next event after each
    finished stay), `open` (1 where the person's open stay ends)."""
    edges = _stay_edges(staged)
    finished = edges.ends & edges.next_at.notnull()
    return edges.group_by(["person", "stage", "touchpoint", "channel"]).aggregate(
        first_at=edges.at.min(),
        last_at=edges.at.max(),
        stays=edges.starts.cast("int64").sum(),
        start_sum=edges.at.sum(where=edges.starts),
        start_max=edges.at.max(where=edges.starts),
        exit_sum=edges.next_at.sum(where=finished),
        open=(edges.ends & edges.next_at.isnull()).cast("int64").sum(),
    )


def person_stages(visits: ir.Table) -> ir.Table:
    """One row per person and stage: `first_at`, `last_at`, `stays` and `seconds`, the person's
    time in the stage (sum of her finished stays there; NULL when she has none)."""
    rolled = visits.group_by(["person", "stage"]).aggregate(
        first_at=visits.first_at.min(),
        last_at=visits.last_at.max(),
        stays=visits.stays.sum(),
        start_sum=visits.start_sum.sum(),
        start_max=visits.start_max.max(),
        exit_sum=visits.exit_sum.sum(),
        open=visits.open.sum(),
    )
    # The open stay is the person's last, so it is the latest stay of its stage.
    open_start = ibis.ifelse(rolled.open > 0, rolled.start_max, 0.0)
    seconds = ibis.ifelse(
        rolled.stays > rolled.open,
        rolled.exit_sum - rolled.start_sum + open_start,
        ibis.null("float64"),
    )
    return rolled.select("person", "stage", "first_at", "last_at", "stays", seconds=seconds)
