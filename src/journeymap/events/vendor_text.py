"""Reading vendor exports as their screens write them: the text encodings (UTF-8 with or without
a BOM, Windows-1251), the separators (`;`, `\\t`, `,`), XLSX sheets, Russian numbers
(`1 250,50`, `1 250,50 ₽`) and day-first dates (`07.11.2026 10:15`) in a given zone."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

from journeymap.events.errors import IngestError
from journeymap.events.sources import open_binary
from journeymap.i18n import gettext as _

BOM: Final = b"\xef\xbb\xbf"
DATE_FORMATS: Final = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
)
"""Formats of zone-less dates in Russian exports, tried in order (ISO text with an offset is
read as it is)."""
_NUMBER_NOISE: Final = re.compile(r"[\s\u00a0\u202f'₽$€]|руб\.?|RUB|USD|EUR", re.IGNORECASE)


@dataclass(frozen=True)
class Table:
    """An export read as text: its header and rows (each row as long as the header)."""

    header: list[str]
    rows: list[list[str]]
    encoding: str


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (a BOM is dropped), else Windows-1251, which decodes any byte."""
    if data.startswith(BOM):
        return data[len(BOM) :].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 4 and len(data) >= 4096:  # a letter cut at the end of a head
            return data[: exc.start].decode("utf-8"), "utf-8"
        return data.decode("cp1251"), "cp1251"


def text_header(head: bytes) -> list[str]:
    """The column names of a text export's first line, whatever its encoding and separator."""
    text, _ = decode(head)
    line = text.split("\n", 1)[0].strip("\r\n")
    delimiter = max(";\t,", key=line.count)
    return [c.strip().strip('"').strip() for c in line.split(delimiter)]


def html_header(path: Path) -> list[str]:
    return read_html_table(path).header


def xlsx_header(path: Path) -> list[str]:
    table = read_xlsx(path, max_rows=1)
    return table.header


def _sniff(first_line: str) -> str:
    return max(";\t,", key=first_line.count)


def read_text_table(path: Path) -> Table:
    with open_binary(path) as handle:
        text, encoding = decode(handle.read())
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff(first))
    try:
        lines = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise IngestError(
            _("cannot read {file} as a table: {error}", file=path.name, error=exc)
        ) from None
    if not lines:
        return Table([], [], encoding)
    header = [c.strip() for c in lines[0]]
    return Table(header, lines[1:], encoding)


def read_xlsx(path: Path, max_rows: int | None = None) -> Table:
    """The first sheet of a workbook; the first non-empty row is the header."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise IngestError(
            _("cannot read {file} as an XLSX workbook: {error}", file=path.name, error=exc)
        ) from None
    try:
        sheet = book.worksheets[0]
        header: list[str] = []
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            cells = [_cell_text(v) for v in values]
            if not any(cells):
                continue
            if not header:
                header = cells
                if max_rows == 1:
                    break
                continue
            rows.append(cells)
    finally:
        book.close()
    while header and not header[-1]:
        header.pop()
    return Table(header, rows, "xlsx")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: Path) -> Table:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    with open_binary(path) as handle:
        head = handle.read(4096)
    if is_html_table(head):
        return read_html_table(path)
    return read_text_table(path)


def is_html_table(head: bytes) -> bool:
    """Bitrix24's "Excel" export: an HTML page holding one table, saved as `.xls`."""
    start = head.lstrip(BOM + b" \t\r\n")[:1024].lower()
    return start.startswith((b"<html", b"<!doctype html", b"<meta", b"<table")) and (
        b"<table" in head.lower() or start.startswith(b"<html")
    )


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def read_html_table(path: Path) -> Table:
    with open_binary(path) as handle:
        text, encoding = decode(handle.read())
    parser = _TableParser()
    parser.feed(text)
    lines = [row for row in parser.rows if any(cell.strip() for cell in row)]
    if not lines:
        return Table([], [], encoding)
    return Table([c.strip() for c in lines[0]], lines[1:], f"html, {encoding}")


def parse_number(text: str) -> float | None:
    """`1 250,50`, `1250.5`, `1 250,50 ₽` -> 1250.5; None when the text is not a number."""
    cleaned = _NUMBER_NOISE.sub("", text)
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(",", "")  # 1,250.50
    cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def parse_time(text: str, zone: str, formats: Sequence[str] = DATE_FORMATS) -> str | None:
    """A local date text as ISO 8601 UTC (`...Z`); text with an offset keeps it, and a Unix
    time of 10 or 13 digits (seconds, milliseconds) is UTC. None when nothing reads it."""
    value = text.strip()
    if value.isdigit() and len(value) in (10, 13):  # Unix seconds or milliseconds, UTC
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return _utc(datetime.fromtimestamp(seconds, UTC), zone)
    if value[:4].isdigit() and value[4:5] == "-":  # ISO 8601: the C parser, 10x strptime
        try:
            return _utc(datetime.fromisoformat(value), zone)
        except ValueError:
            pass
    for fmt in formats:
        try:
            local = datetime.strptime(value, fmt)  # the zone is applied below
        except ValueError:
            continue
        return _utc(local, zone)
    try:
        return _utc(datetime.fromisoformat(value), zone)
    except ValueError:
        return None


def _utc(moment: datetime, zone: str) -> str:
    """ISO 8601 UTC text of `moment`, read in `zone` when it has no offset."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
