"""Best send hour per channel, Braze-style: the person's own hours first, then her segment's,
then everyone's.

Activity is every `track`, `page` or `screen` event with a channel, except events the company
causes (`ProfileSettings.not_activity`: sends and deliveries). Hours are UTC hours of the day
(0-23). For each channel seen in the store and each person:

1. `person`: she has at least `min_person_events` (5) activity events on the channel: the hour
   with most of them;
2. `segment`: otherwise, her segment has at least `min_segment_events` (50) on the channel: the
   segment's hour with most of them;
3. `everyone`: otherwise the hour with most events of everyone on the channel.

Ties go to the earliest hour. `evidence` is the number of events the chosen hour was picked from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir

from journeymap.analytics.segmentation import person_column
from journeymap.personalize.profile_settings import ProfileSettings

ACTIVITY_TYPES = ("track", "page", "screen")

Histogram = dict[int, int]


@dataclass(frozen=True)
class SendHour:
    hour: int
    source: str
    """`person`, `segment` or `everyone`."""
    evidence: int

    def as_dict(self) -> dict[str, Any]:
        return {"hour": self.hour, "source": self.source, "evidence": self.evidence}


def activity_hours(events: ir.Table, settings: ProfileSettings) -> ir.Table:
    """One row per person, channel and UTC hour with activity: `person`, `channel`, `hour`, `n`."""
    active = events.filter(
        events.type.isin(list(ACTIVITY_TYPES))
        & events.channel.notnull()
        & ~events.event.isin(list(settings.not_activity)).fill_null(False)
    )
    hours = active.select(
        person=person_column(active),
        channel=active.channel,
        hour=active.timestamp.hour().cast("int64"),
    )
    return hours.group_by(["person", "channel", "hour"]).aggregate(n=hours.count())


def histograms(rows: Iterable[Mapping[str, Any]], key: str) -> dict[tuple[str, str], Histogram]:
    """(`key` value, channel) -> hour -> events, from rows of `activity_hours` (or sums of it)."""
    found: dict[tuple[str, str], Histogram] = defaultdict(dict)
    for row in rows:
        found[(str(row[key]), str(row["channel"]))][int(row["hour"])] = int(row["n"])
    return dict(found)


def best_hour(histogram: Histogram) -> tuple[int, int]:
    """(hour with most events, its events); ties go to the earliest hour."""
    hour = min(histogram, key=lambda h: (-histogram[h], h))
    return hour, histogram[hour]


def send_hours(
    person: Mapping[str, Histogram],
    segment: Mapping[str, Histogram],
    everyone: Mapping[str, Histogram],
    settings: ProfileSettings,
) -> dict[str, SendHour]:
    """Channel -> best send hour, for one person with these histograms per channel."""
    chosen: dict[str, SendHour] = {}
    for channel in sorted(everyone):
        own = person.get(channel, {})
        group = segment.get(channel, {})
        if sum(own.values()) >= settings.min_person_events:
            hour, evidence = best_hour(own)
            chosen[channel] = SendHour(hour, "person", evidence)
        elif group and sum(group.values()) >= settings.min_segment_events:
            hour, evidence = best_hour(group)
            chosen[channel] = SendHour(hour, "segment", evidence)
        elif everyone[channel]:
            hour, evidence = best_hour(everyone[channel])
            chosen[channel] = SendHour(hour, "everyone", evidence)
    return chosen
