"""Ad cost exports (Yandex Direct, VK Ads, Google Ads, Meta Ads) read into cost rows.

A file is CSV/TSV (UTF-8 with or without BOM, UTF-16, or Windows-1251; `;`, `,` or tab) or
XLSX. The header row is the first of the first 20 rows naming a day and a cost column (Direct's
report wizard writes a title line above it); summary rows (`Итого`, `Total`) are skipped. Each
other row becomes one cost row per day x campaign (x ad group); a row whose day or numbers do
not read is rejected with its line and the reason, never dropped silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymap.events.costs_columns import (
    DEFAULT_CHANNEL,
    PLATFORMS,
    field_of,
    guess_platform,
    header_currency,
)
from journeymap.events.costs_values import decode, parse_day, parse_number
from journeymap.i18n import gettext as _

HEADER_SEARCH_ROWS = 20
_SUMMARY_WORDS = ("итого", "всего", "total", "totals", "total rows")
_TEXT_FIELDS = ("campaign", "campaign_id", "ad_group", "source", "medium", "currency")


class CostFileError(ValueError):
    """The file cannot be read as a cost export at all (no header, unknown platform)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class CostRow:
    day: dt.date
    platform: str
    channel: str
    campaign: str
    campaign_id: str | None
    ad_group: str | None
    source: str | None
    medium: str | None
    impressions: float
    clicks: float
    cost: float
    currency: str
    row_number: int


@dataclass(frozen=True)
class RejectedRow:
    row_number: int
    raw: str
    reason: str


@dataclass
class CostFile:
    """The rows of one export and what could not be read."""

    platform: str
    rows: list[CostRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    summary_rows: int = 0

    @property
    def total_cost(self) -> float:
        return sum(r.cost for r in self.rows)


def read_cost_file(
    path: str | Path,
    *,
    platform: str = "auto",
    currency: str | None = None,
    channel: str | None = None,
) -> CostFile:
    """Read a cost export; `platform` is one of PLATFORMS or "auto" (guessed from headers)."""
    rows = _cells(Path(path))
    header_at = _header_index(rows)
    if header_at is None:
        raise CostFileError(
            _(
                "{path}: no header row with a day and a cost column in the first "
                "{header_search_rows} rows",
                path=path,
                header_search_rows=HEADER_SEARCH_ROWS,
            ),
            "export the report by day with the campaign and cost (spend) columns; see docs/roi.md",
        )
    headers = [str(h or "") for h in rows[header_at]]
    chosen = guess_platform(headers) if platform == "auto" else platform
    if chosen not in PLATFORMS:
        raise CostFileError(
            _("{path}: cannot tell which ad platform wrote this file", path=path),
            f"pass --source {'|'.join(PLATFORMS)}",
        )
    assert chosen is not None  # for mypy: PLATFORMS holds no None
    fields = [field_of(h) for h in headers]
    cost_header = next(h for h, f in zip(headers, fields, strict=True) if f == "cost")
    file_currency = currency or header_currency(cost_header)
    english = any(h.isascii() for h, f in zip(headers, fields, strict=True) if f == "cost")
    result = CostFile(chosen)
    for offset, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(str(c or "").strip() for c in cells):
            continue
        record = {f: c for f, c in zip(fields, cells, strict=False) if f is not None}
        if _is_summary(cells):
            result.summary_rows += 1
            continue
        try:
            result.rows.append(
                _cost_row(record, chosen, offset, file_currency, channel, decimal_comma=not english)
            )
        except ValueError as error:
            raw = "\t".join(str(c) if c is not None else "" for c in cells)
            result.rejected.append(RejectedRow(offset, raw, str(error)))
    return result


def _cost_row(
    record: dict[str, Any],
    platform: str,
    row_number: int,
    currency: str | None,
    channel: str | None,
    *,
    decimal_comma: bool,
) -> CostRow:
    day = _day(record.get("date"))
    text = {k: _text(record.get(k)) for k in _TEXT_FIELDS}
    campaign = text["campaign"] or text["campaign_id"]
    if not campaign:
        raise ValueError(_("no campaign name or id"))
    numbers = {}
    for name in ("impressions", "clicks", "cost"):
        raw = record.get(name)
        try:
            numbers[name] = _number(raw, decimal_comma=decimal_comma)
        except ValueError:
            raise ValueError(_("{name} is not a number: {raw!r}", name=name, raw=raw)) from None
    source = text["source"]
    return CostRow(
        day=day,
        platform=platform,
        channel=(channel or source or DEFAULT_CHANNEL[platform]).strip().lower(),
        campaign=campaign,
        campaign_id=text["campaign_id"],
        ad_group=text["ad_group"],
        source=source,
        medium=text["medium"],
        impressions=numbers["impressions"],
        clicks=numbers["clicks"],
        cost=numbers["cost"],
        currency=(text["currency"] or currency or "RUB").upper(),
        row_number=row_number,
    )


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if text is None:
        raise ValueError(_("no day"))
    try:
        return parse_day(text)
    except ValueError:
        raise ValueError(_("day is not a date: {text!r}", text=text)) from None


def _number(value: Any, *, decimal_comma: bool) -> float:
    if value is None:
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    return parse_number(str(value), decimal_comma=decimal_comma)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # XLSX ids come back as floats
    text = str(value).strip()
    return text or None


def _is_summary(cells: list[Any]) -> bool:
    first = next((str(c).strip().lower() for c in cells if str(c or "").strip()), "")
    return first.startswith(_SUMMARY_WORDS)


def _header_index(rows: list[list[Any]]) -> int | None:
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {field_of(str(c or "")) for c in cells}
        if {"date", "cost"} <= found:
            return index
    return None


def _cells(path: Path) -> list[list[Any]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    text = decode(path.read_bytes())
    lines = text.splitlines()
    sample = "\n".join(lines[:HEADER_SEARCH_ROWS])
    delimiter = max(";,\t", key=sample.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))
