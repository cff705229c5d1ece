"""Preferred channel, device and language, and the time zone, from the person's own events.

"Preferred" is the value most used in the person's events of the last `recent_days` (90) before
her own last event (ties go to the alphabetically first value); the device is `context.device.type`,
the language the first two letters of `context.locale`, lower-cased. The time zone is the
latest `context.timezone` seen (an IANA name such as `Europe/Moscow`); a `timezone` trait, when
set, wins over it (see `profile_build`).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.analytics.clock import epoch_seconds
from journeymap.analytics.event_order import source_order
from journeymap.analytics.jsonpath import json_text
from journeymap.analytics.segmentation import person_column
from journeymap.personalize.interests import SECONDS_PER_DAY
from journeymap.personalize.profile_settings import ProfileSettings

PREFERENCES = ("channel", "device", "language")


def _values(events: ir.Table) -> ir.Table:
    return events.select(
        person=person_column(events),
        at=epoch_seconds(events.timestamp),
        tie=source_order(events),
        channel=events.channel,
        device=json_text(events.context, "device.type"),
        language=json_text(events.context, "locale").substr(0, 2).lower(),
        timezone=json_text(events.context, "timezone"),
    )


def preferences(events: ir.Table, settings: ProfileSettings) -> ir.Table:
    """One row per person and preference kind: `person`, `kind` (channel, device, language,
    timezone), `value`."""
    values = _values(events)
    last = values.group_by("person").aggregate(last_at=values.at.max())
    recent = values.join(last, "person")
    recent = recent.filter(recent.at >= recent.last_at - settings.recent_days * SECONDS_PER_DAY)
    parts = [_most_used(recent, kind) for kind in PREFERENCES]
    parts.append(_latest(values, "timezone"))
    return ibis.union(*parts)


def _most_used(values: ir.Table, kind: str) -> ir.Table:
    present = values.filter(values[kind].notnull() & (values[kind] != ""))
    counts = present.group_by(["person", kind]).aggregate(n=present.count())
    window = ibis.window(group_by=counts.person, order_by=[ibis.desc(counts.n), counts[kind]])
    ranked = counts.mutate(position=ibis.row_number().over(window))
    chosen = ranked.filter(ranked.position == 0)
    return chosen.select("person", kind=ibis.literal(kind), value=chosen[kind].cast("string"))


def _latest(values: ir.Table, kind: str) -> ir.Table:
    present = values.filter(values[kind].notnull() & (values[kind] != ""))
    window = ibis.window(
        group_by=present.person, order_by=[ibis.desc(present.at), ibis.desc(present.tie)]
    )
    ranked = present.mutate(position=ibis.row_number().over(window))
    chosen = ranked.filter(ranked.position == 0)
    return chosen.select("person", kind=ibis.literal(kind), value=chosen[kind].cast("string"))
