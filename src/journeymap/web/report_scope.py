"""The living report's scope in the app: a segment and a date range, read from the URL's GET
parameters (`segment`, `since`, `until`), so a report view is shared by its link and the JSON
twin takes the same parameters. The numbers come from `report.build.build_report`, which scopes
the events as `journeymap report --segment --from --to` does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from journeymap.model import JourneyMap
    from journeymap.report.scope import SegmentFilter

FIELDS = ("segment", "since", "until")
"""The report's query parameters, in the order a link writes them."""
OPTION_VALUES = 8
"""Segment values offered per segmentation in the picker (largest first)."""


@dataclass(frozen=True)
class ReportScope:
    segment: str = ""
    """`KEY=VALUE` as `journeymap report --segment` takes it (`channel=web`); empty: everyone."""
    since: str = ""
    """First day (YYYY-MM-DD); empty: from the first event."""
    until: str = ""
    """Last day (YYYY-MM-DD, inclusive); empty: to the last event."""

    @classmethod
    def of(cls, params: QueryParams) -> ReportScope:
        """The scope the URL asks for, unchecked (`checked` says what is wrong with it)."""
        return cls(*(params.get(name, "").strip() for name in FIELDS))

    @property
    def everything(self) -> bool:
        return not (self.segment or self.since or self.until)

    def describe(self) -> str:
        """`channel=web · 2026-03-01 … 2026-03-31` for people (`…` for an open end)."""
        days = f"{self.since or '…'} … {self.until or '…'}" if self.since or self.until else ""
        return " · ".join(part for part in (self.segment, days) if part)

    def query_string(self) -> str:
        """The scope as a query string, empty parameters left out (empty for the whole data)."""
        return urlencode([(name, getattr(self, name)) for name in FIELDS if getattr(self, name)])

    def checked(self) -> tuple[SegmentFilter | None, dt.date | None, dt.date | None]:
        """The segment filter and the days for `build_report`; ValueError, in the UI language,
        for a segment or a date that cannot be read, or days in the wrong order."""
        from journeymap.report.scope import SegmentFilter

        try:
            start = dt.date.fromisoformat(self.since) if self.since else None
            end = dt.date.fromisoformat(self.until) if self.until else None
        except ValueError:
            raise ValueError(_("dates are YYYY-MM-DD, e.g. 2026-03-01")) from None
        if start is not None and end is not None and start > end:
            raise ValueError(_("the first day is after the last; swap them"))
        segment = SegmentFilter.parse(self.segment) if self.segment else None
        return segment, start, end


def segment_options(events: ir.Table, journey: JourneyMap) -> list[str]:
    """`KEY=VALUE` choices for the segment picker: the values of the channel and of the
    segmentations the report switches between (the map's simulation traits the data carries),
    the largest first, read from all events (not the chosen scope) so every choice stays."""
    from journeymap.analytics.segmentation import SegmentBy, segment_persons
    from journeymap.report.segments_section import default_segmentations

    options: list[str] = []
    for spec in ["channel", *default_segmentations(events, journey)]:
        persons = segment_persons(events, SegmentBy.parse(spec))
        counts = persons.group_by("segment").aggregate(n=persons.person.count())
        top = counts.order_by([counts.n.desc(), counts.segment]).limit(OPTION_VALUES)
        for value in top.to_pyarrow().column("segment").to_pylist():
            if value not in (None, ""):
                options.append(f"{spec}={value}")
    return options
