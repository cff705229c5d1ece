"""Which importer reads a file: by content first (magic bytes, first characters), then extension.

`--format` overrides detection. Names: jsonl, json, csv, tsv, parquet, xes, ga, segment-warehouse,
preset (vendor exports read through a preset: Yandex Metrica, AppMetrica, amoCRM, Bitrix24, or
`--preset`; detected by their header in any encoding, XLSX included).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from journeymap.events.errors import IngestError
from journeymap.events.sources import head_bytes
from journeymap.i18n import gettext as _

FORMATS: Final = (
    "jsonl",
    "json",
    "csv",
    "tsv",
    "parquet",
    "xes",
    "ga",
    "segment-warehouse",
    "preset",
)
EXTENSIONS: Final = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xes": "xes",
}
GA_MARKERS: Final = (
    {"fullvisitorid"},
    {"hits.type"},
    {"hits_type"},
    {"user_pseudo_id", "event_name"},
    {"clientid", "hittype"},
    {"visitstarttime", "visitid"},
)
"""Column sets that identify Google Analytics exports (Universal Analytics / GA360 hits,
GA4 BigQuery events), compared case-insensitively."""
WAREHOUSE_TABLES: Final = ("tracks", "pages", "screens", "identifies")


def _extension_format(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return EXTENSIONS.get(suffixes[-1]) if suffixes else None


def _is_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 4  # a multi-byte letter cut at the end is still text
    return False


def is_warehouse_export(path: Path) -> bool:
    from journeymap.events.warehouse_tables import warehouse_tables

    return path.is_dir() and any(name in WAREHOUSE_TABLES for name in warehouse_tables(path))


def header_is_ga(columns: list[str]) -> bool:
    names = {c.lower() for c in columns}
    return any(marker <= names for marker in GA_MARKERS)


def _first_line_is_json(head: bytes) -> bool:
    import json  # here: `journeymap --help` imports this module for FORMATS

    line = head.split(b"\n", 1)[0].strip()
    try:
        json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return False
    return True


def _text_header(head: bytes) -> list[str]:
    line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip().lstrip("\ufeff")
    delimiter = max(",;\t|", key=line.count)
    return [c.strip().strip('"') for c in line.split(delimiter)]


def _is_blank_separated(head: bytes) -> bool:
    """A header of names separated by runs of blanks (a whitespace-separated table)."""
    line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip().lstrip("\ufeff")
    return len(line.split()) > 1


def detect_format(path: Path, forced: str | None = None) -> str:
    """The format name for `path`; raises IngestError with advice when it cannot tell."""
    if forced:
        if forced not in FORMATS:
            raise IngestError(
                _(
                    "unknown format {forced!r}; formats: {formats}",
                    forced=forced,
                    formats=", ".join(FORMATS),
                )
            )
        return forced
    if path.is_dir():
        if is_warehouse_export(path):
            return "segment-warehouse"
        raise IngestError(
            _(
                "{path} is a folder without tracks/pages/identifies tables; pass files, or a "
                "Segment warehouse export folder",
                path=path,
            )
        )
    return _detect_file(path)


def is_vendor_export(path: Path, head: bytes) -> bool:
    """A header a built-in preset recognises (a Metrica, AppMetrica, amoCRM or Bitrix24 export),
    read in its own encoding; XLSX workbooks by their first row, HTML tables saved as `.xls`
    (Bitrix24's "Excel" export) by their first table row."""
    from journeymap.events.presets import detect_preset
    from journeymap.events.vendor_text import (
        html_header,
        is_html_table,
        text_header,
        xlsx_header,
    )

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return head.startswith(b"PK") and detect_preset(xlsx_header(path)) is not None
    if is_html_table(head):
        return detect_preset(html_header(path)) is not None
    if head.lstrip()[:1] in (b"{", b"[", b"<") or b"\x00" in head:
        return False
    return detect_preset(text_header(head)) is not None


def _detect_file(path: Path) -> str:
    by_extension = _extension_format(path)
    head = head_bytes(path)
    stripped = head.lstrip()
    if head.startswith(b"PAR1"):
        return "parquet"
    if is_vendor_export(path, head):
        return "preset"
    if not stripped:
        return by_extension or "jsonl"
    if stripped.startswith((b"<?xml", b"<log")):
        return "xes"
    if stripped[:1] in (b"{", b"["):
        return "jsonl" if _first_line_is_json(stripped) and stripped[:1] == b"{" else "json"
    if _is_binary(head):
        if by_extension in ("jsonl", "json"):
            return "jsonl"  # line by line, so unreadable lines go to quarantine
        raise IngestError(
            _("cannot read {path}: it holds binary data that is not Parquet or gzip", path=path)
        )
    return _detect_text(path, head, by_extension)


def _detect_text(path: Path, head: bytes, by_extension: str | None) -> str:
    if by_extension in ("csv", "tsv", None) and header_is_ga(_text_header(head)):
        return "ga"
    if by_extension in ("csv", "tsv"):
        return by_extension
    if by_extension is None and (len(_text_header(head)) > 1 or _is_blank_separated(head)):
        return "csv"
    if by_extension:
        return by_extension
    raise IngestError(
        _(
            "cannot detect the format of {path}; pass --format ({formats})",
            path=path,
            formats=", ".join(FORMATS),
        )
    )
