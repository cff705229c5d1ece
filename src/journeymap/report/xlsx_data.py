"""The data facts of the report's workbook: what the numbers were measured on.

A row per fact: simulated or not, events and persons (numbers), the first and last event and
when the report was made (spreadsheet date-times, in UTC), the sources, the segment and range
asked for, and the report's notes. Labels come from the message catalog.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from journeymap.i18n import pgettext, use_language
from journeymap.render.sheet_formats import NumberFormats
from journeymap.report.data import ReportData


def timestamp_cell(text: str | None) -> dt.datetime | str | None:
    """An ISO timestamp as a naive UTC datetime (spreadsheets have no time zones); any other
    text as written."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def data_rows(data: ReportData, language: str) -> list[tuple[str, Any, str | None]]:
    """(label, value, kind) per fact; kind `count`, `datetime` or None (as written)."""
    facts = data.facts
    with use_language(language):
        rows: list[tuple[str, Any, str | None]] = [
            (pgettext("spreadsheet", "Simulated data"), bool(facts.get("simulated")), None),
            (pgettext("spreadsheet", "Events"), facts.get("events"), "count"),
            (pgettext("spreadsheet", "Persons"), facts.get("persons"), "count"),
            (
                pgettext("spreadsheet", "First event"),
                timestamp_cell(facts.get("first")),
                "datetime",
            ),
            (pgettext("spreadsheet", "Last event"), timestamp_cell(facts.get("last")), "datetime"),
            (pgettext("spreadsheet", "Sources"), ", ".join(facts.get("sources", [])), None),
            (pgettext("spreadsheet", "Segment"), data.segment, None),
            (pgettext("spreadsheet", "From"), timestamp_cell(data.start), "datetime"),
            (pgettext("spreadsheet", "To"), timestamp_cell(data.end), "datetime"),
            (
                pgettext("spreadsheet", "Generated at"),
                timestamp_cell(data.generated_at),
                "datetime",
            ),
        ]
        notes = pgettext("spreadsheet", "Note")
    return rows + [(notes, note, None) for note in data.notes]


def format_data_rows(
    sheet: Worksheet, rows: list[tuple[str, Any, str | None]], formats: NumberFormats
) -> None:
    """Number formats of the values written from `rows` under a header row."""
    by_kind = {"count": formats.count, "datetime": formats.datetime}
    for row_number, (_, value, kind) in enumerate(rows, start=2):
        if kind in by_kind and not isinstance(value, str):
            sheet.cell(row_number, 2).number_format = by_kind[kind]
