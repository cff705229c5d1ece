"""Which events a report covers: a date range and a segment (`KEY=VALUE`, KEY as in
`SegmentBy.parse`: `channel=web`, `trait:plan=pro`, `property:utm_source=ads`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from journeymap.analytics.segmentation import SegmentBy, person_column, segment_persons
from journeymap.i18n import gettext as _


@dataclass(frozen=True)
class SegmentFilter:
    by: SegmentBy
    value: str

    @classmethod
    def parse(cls, text: str) -> SegmentFilter:
        spec, sep, value = text.rpartition("=")
        if not sep or not spec.strip() or not value.strip():
            raise ValueError(
                _(
                    "cannot read segment {text!r}; write KEY=VALUE, e.g. channel=web or "
                    "trait:plan=pro",
                    text=text,
                )
            )
        return cls(SegmentBy.parse(spec), value.strip())

    def describe(self) -> str:
        return f"{self.by.describe()}={self.value}"


def scoped_events(
    events: ir.Table,
    *,
    segment: SegmentFilter | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> ir.Table:
    """Events from `start` (inclusive) to `end` (inclusive, whole day) of persons in `segment`."""
    if start is not None:
        events = events.filter(events.timestamp >= _midnight(start))
    if end is not None:
        events = events.filter(events.timestamp < _midnight(end + dt.timedelta(days=1)))
    if segment is not None:
        members = segment_persons(events, segment.by)
        members = members.filter(members.segment == segment.value).select(member="person")
        with_person = events.mutate(_person=person_column(events))
        events = with_person.semi_join(members, with_person._person == members.member).drop(
            "_person"
        )
    return events


def _midnight(day: dt.date) -> ir.TimestampScalar:
    return ibis.timestamp(dt.datetime(day.year, day.month, day.day))  # store is naive UTC
