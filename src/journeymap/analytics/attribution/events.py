"""Touch tables from events: the touches of each person before each conversion.

A person's events are split into journeys at conversions: a journey holds the touches after the
previous conversion up to (and at the same time as) its conversion event, and only those within
`lookback` before it. Touches after a person's last conversion form one non-converting journey
(`nulls = 1`), limited to `lookback` before its last touch. A touch is any event other than the
conversion event whose `by` column (e.g. `channel`, or `touchpoint` after binding) is not NULL,
except identify/alias/group calls. A conversion without any touch in its window still counts: it
is credited to the label `(no touch)`, so credits always add up to all conversions.

`age` is the time from the touch to the journey's end (conversion or last touch) in days;
`value` is the conversion event's numeric `value_property` (0 when absent).
"""

from __future__ import annotations

import datetime as dt

import ibis

from journeymap.analytics.clock import MICROS_PER_SECOND, epoch_micros, micros_of
from journeymap.analytics.event_order import source_order
from journeymap.analytics.jsonpath import json_number
from journeymap.i18n import gettext as _

NO_TOUCH = "(no touch)"
SECONDS_PER_DAY = 86400.0
NON_TOUCH_TYPES = ("identify", "alias", "group")


def _is_touch(events: ibis.Table, conversion: str, by: str) -> ibis.Value:
    is_conversion = (events.event == conversion).fill_null(False)
    non_touch = events.type.isin(NON_TOUCH_TYPES).fill_null(False)
    return (~is_conversion & events[by].notnull() & ~non_touch).fill_null(False)


def has_touches(events: ibis.Table, conversion: str, *, by: str = "channel") -> bool:
    """Whether any event can be a touch: one that is not the conversion and has a `by` value.

    Without one every conversion is credited to `(no touch)`; callers say the data have no
    channels (or no bound touchpoints) instead of showing that as a result."""
    if by not in events.columns:
        return False
    found = events.filter(_is_touch(events, conversion, by)).limit(1).count()
    return int(found.to_pyarrow().as_py()) > 0


def touches_from_events(
    events: ibis.Table,
    conversion: str,
    *,
    by: str = "channel",
    lookback: dt.timedelta | None = dt.timedelta(days=30),
    value_property: str | None = "revenue",
    value_column: str | None = None,
) -> ibis.Table:
    """The touch table (see `journeymap.analytics.attribution.paths`) of `events`.

    A conversion's value is its numeric `value_property`, or the column `value_column` of
    `events` when given (e.g. revenue converted into one currency)."""
    if by not in events.columns:
        raise ValueError(
            _("events have no column {by!r} (bind them to a map for `touchpoint`)", by=by)
        )
    is_conversion = events.event == conversion
    is_touch = _is_touch(events, conversion, by)
    value = (
        events[value_column].coalesce(0.0)
        if value_column
        else json_number(events.properties, value_property).coalesce(0.0)
        if value_property
        else ibis.literal(0.0)
    )
    stream = events.filter(is_conversion.fill_null(False) | is_touch).select(
        person=events.person_id.coalesce(events.user_id, events.anonymous_id),
        message_id=events.message_id,
        tie=source_order(events),
        at=epoch_micros(events.timestamp),
        label=events[by].cast("string"),
        converts=is_conversion.fill_null(False).cast("int64"),
        amount=value.cast("float64"),
    )
    # Touches sort before a conversion at the same instant, so they belong to it.
    order = [stream.at, stream.converts, stream.tie]
    running = ibis.cumulative_window(group_by=stream.person, order_by=order)
    stream = stream.mutate(journey_seq=stream.converts.sum().over(running) - stream.converts)
    journey = ibis.window(group_by=[stream.person, stream.journey_seq])
    conversion_at = (stream.converts == 1).ifelse(stream.at, ibis.null("int64"))
    conversion_value = (stream.converts == 1).ifelse(stream.amount, ibis.null("float64"))
    stream = stream.mutate(
        converted=stream.converts.max().over(journey),
        end_at=conversion_at.max().over(journey).coalesce(stream.at.max().over(journey)),
        journey_value=conversion_value.max().over(journey).coalesce(0.0),
    )
    in_window = stream.converts == 0
    if lookback is not None:
        in_window = in_window & (stream.end_at - stream.at <= micros_of(lookback.total_seconds()))
    stream = stream.mutate(
        in_window=in_window, touches_in_window=in_window.cast("int64").sum().over(journey)
    )
    kept = stream.filter(
        stream.in_window | ((stream.converts == 1) & (stream.touches_in_window == 0))
    )
    kept_journey = ibis.window(group_by=[kept.person, kept.journey_seq])
    ordered = ibis.window(group_by=[kept.person, kept.journey_seq], order_by=[kept.at, kept.tie])
    return kept.select(
        journey=kept.person + "#" + kept.journey_seq.cast("string"),
        position=ibis.row_number().over(ordered).cast("int64"),
        n_touches=kept.message_id.count().over(kept_journey).cast("int64"),
        label=(kept.converts == 1).ifelse(NO_TOUCH, kept.label),
        age=(kept.end_at - kept.at).cast("float64") / (SECONDS_PER_DAY * MICROS_PER_SECOND),
        conversions=kept.converted.cast("float64"),
        value=(kept.converted == 1).ifelse(kept.journey_value, 0.0),
        nulls=(1 - kept.converted).cast("float64"),
    )
