"""Spreadsheet number formats per language, so cells hold numbers and read as the user writes.

A format code's `,` and `.` are placeholders: the spreadsheet app shows the reader's separators
("2 000,5" in a Russian Excel or LibreOffice). What the language changes is the rest: Russian
writes a space before the percent sign ("25,0 %") and dates day first ("07.12.2026"), as
`journeymap.i18n.format_percent` and `format_date` do in text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NumberFormats:
    language: str = "en"
    """The language whose formats these are (for texts written beside the numbers)."""
    count: str = "#,##0"
    decimal: str = "#,##0.0##"
    score: str = "+0.0#;-0.0#;0"
    """An emotion or score on -2..+2 (signed, as the report shows it)."""
    priority: str = "0.0"
    percent: str = "0.0%"
    duration: str = "[h]:mm"
    """Durations are spreadsheet time (days), so they sum and sort as times."""
    date: str = "yyyy-mm-dd"
    datetime: str = "yyyy-mm-dd hh:mm:ss"


ENGLISH = NumberFormats()
RUSSIAN = NumberFormats(
    language="ru", percent="0.0\\ %", date="dd.mm.yyyy", datetime="dd.mm.yyyy hh:mm:ss"
)
_BY_LANGUAGE = {"en": ENGLISH, "ru": RUSSIAN}


def number_formats(language: str | None) -> NumberFormats:
    """The formats of `language` (English for any other)."""
    return _BY_LANGUAGE.get(language or "en", ENGLISH)
