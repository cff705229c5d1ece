"""Stage histories of persons: staged events, stays, and one row per person and stage.

A *stay* is a run of a person's consecutive stage events (in the one event order: timestamp,
then source order, `event_order.py`) in the same stage; it lasts from its first event until the
first event of the next stay, and the person's last stay, which has no exit, is *open*. These
tables are what stage metrics, barriers and the report build on.

`stage_visits` computes, in one window pass (previous and next event of the person) and one
aggregate per person, stage, touchpoint and channel, partial sums that `person_stages` adds up
per person and stage, without numbering stays. Each event carries the *gap* to the person's next
event; a finished stay lasts the sum of the gaps of its events (its last event's gap reaches the
exit), so a person's finished time in a stage is the sum of the gaps of her events there minus
the gaps inside her open stay, which sum to the stage's last event minus the open stay's start.
Times are int64 microseconds (`clock.py`) and every term is a difference of them, so the sums
are exact on every engine and never approach the int64 range.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.analytics.bind import bind_events
from journeymap.analytics.clock import epoch_micros, seconds
from journeymap.analytics.event_order import source_order
from journeymap.analytics.segmentation import person_column
from journeymap.model.journey import JourneyMap


def staged_events(events: ir.Table, journey: JourneyMap) -> ir.Table:
    """Bound events that have a stage: `person`, `stage`, `touchpoint`, `channel`,
    `message_id`, `at` (microseconds) and `tie` (source order, see `event_order.py`)."""
    bound = events if "stage" in events.columns else bind_events(events, journey)
    bound = bound.filter(bound.stage.notnull())
    return bound.select(
        person=person_column(bound),
        stage=bound.stage,
        touchpoint=bound.touchpoint,
        channel=bound.channel,
        message_id=bound.message_id,
        at=epoch_micros(bound.timestamp),
        tie=source_order(bound),
    )


def _stay_edges(staged: ir.Table) -> ir.Table:
    """`staged` with `starts` (first event of a stay), `ends` (last event of a stay) and
    `gap` (microseconds to the person's next event, NULL after her last)."""
    window = ibis.window(group_by=staged.person, order_by=[staged.at, staged.tie])
    previous_stage = staged.stage.lag(1).over(window)
    next_stage = staged.stage.lead(1).over(window)
    return staged.mutate(
        starts=(staged.stage != previous_stage).fill_null(True),
        ends=(staged.stage != next_stage).fill_null(True),
        gap=staged.at.lead(1).over(window) - staged.at,
    )


def stays(staged: ir.Table) -> ir.Table:
    """One row per stay: `person`, `stage`, `stay` (0-based per person), `start`
    (microseconds), `seconds` (NULL for the open stay)."""
    edges = _stay_edges(staged)
    starts = edges.filter(edges.starts)
    following = ibis.window(group_by=starts.person, order_by=[starts.at, starts.tie])
    return starts.select(
        "person",
        stay=ibis.row_number().over(following),
        stage=starts.stage,
        start=starts.at,
        seconds=seconds(starts.at.lead(1).over(following) - starts.at),
    )


def stage_visits(staged: ir.Table) -> ir.Table:
    """One row per person, stage, touchpoint and channel seen, with partial sums that add up
    per person and stage (see `person_stages`): `first_at`, `last_at`, `stays` (stays starting
    here), `start_max` (latest stay start), `gap_sum` (gaps to the next event), `open` (1 where
    the person's open stay ends)."""
    edges = _stay_edges(staged)
    return edges.group_by(["person", "stage", "touchpoint", "channel"]).aggregate(
        first_at=edges.at.min(),
        last_at=edges.at.max(),
        stays=edges.starts.cast("int64").sum(),
        start_max=edges.at.max(where=edges.starts),
        gap_sum=edges.gap.sum(),
        open=(edges.ends & edges.gap.isnull()).cast("int64").sum(),
    )


def person_stages(visits: ir.Table) -> ir.Table:
    """One row per person and stage: `first_at`, `last_at` (microseconds), `stays` and
    `seconds`, the person's time in the stage (sum of her finished stays there; NULL when she
    has none)."""
    rolled = visits.group_by(["person", "stage"]).aggregate(
        first_at=visits.first_at.min(),
        last_at=visits.last_at.max(),
        stays=visits.stays.sum(),
        start_max=visits.start_max.max(),
        gap_sum=visits.gap_sum.sum(),
        open=visits.open.sum(),
    )
    # The open stay is the person's last, so it is the latest stay of its stage and holds the
    # stage's last event: its gaps sum to last_at - start_max.
    open_part = ibis.ifelse(rolled.open > 0, rolled.last_at - rolled.start_max, 0)
    finished = ibis.ifelse(
        rolled.stays > rolled.open,
        seconds(rolled.gap_sum.fill_null(0) - open_part),
        ibis.null("float64"),
    )
    return rolled.select("person", "stage", "first_at", "last_at", "stays", seconds=finished)
