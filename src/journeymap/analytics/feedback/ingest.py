"""Reading survey answers and feedback texts from CSV, XLSX or JSON lines files and form exports.

`read_feedback(path, mapping)` returns a `FeedbackBatch`: the valid answers as a pyarrow table in
the feedback columns (see `journeymap.analytics.feedback.schema`) and every other row in
`rejected`, with its 1-based row number, the raw values and the reason. Nothing is dropped
silently.

Rules: a row needs a person and a timestamp (read as `journeymap ingest` reads it: ISO 8601
with an offset converted to UTC, day-first `07.11.2026 10:15:32`, `7.11.26 10:15`, US
month-first `11/07/2026`, epoch numbers; zone-less times in the given zone), and a score, a text
or both. The kind comes from the kind column, else `defaults["kind"]`, else
`text` for rows with text only. Scores must lie on their kind's scale (NPS whole numbers 0-10,
CSAT 1-5, CES 1-7, rating 1-5). Missing languages are detected from the text.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from journeymap.analytics.feedback.form_rows import (
    FORM_PREFIX,
    NO_ANSWER,
    expand_form_row,
    form_columns,
)
from journeymap.analytics.feedback.forms import form_time, recognise_form
from journeymap.analytics.feedback.mapping import FeedbackMapping
from journeymap.analytics.feedback.schema import FEEDBACK_SCHEMA, SCALES, TEXT_KIND, normalize_kind
from journeymap.analytics.feedback.text import detect_language
from journeymap.events.timestamp_values import parse_timestamps
from journeymap.i18n import gettext as _


@dataclass(frozen=True)
class RejectedRow:
    row: int
    """1-based record number in the file (the header is not counted)."""
    raw: dict[str, Any]
    reason: str


@dataclass
class FeedbackBatch:
    table: pa.Table
    rejected: list[RejectedRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the reader assumed or left out (form columns it could not place, ...)."""

    def to_ibis(self) -> ir.Table:
        return ibis.memtable(self.table)


_BROKEN = "__unreadable__"
_FORM_SAMPLE = 200


class FeedbackFileError(ValueError):
    """The file as a whole cannot be read (missing, unknown format, unmapped columns)."""


def read_feedback(
    path: str | Path, mapping: FeedbackMapping | None = None, *, timezone: str = "UTC"
) -> FeedbackBatch:
    """The answers of a `.csv`/`.tsv`, `.xlsx` or `.jsonl`/`.ndjson` file.

    Times without a zone are read in `timezone` by the rules of `journeymap ingest`
    (`journeymap.events.timestamp_values`). A survey form export (Google Forms, Yandex Forms)
    is recognised by its question headers (`forms.recognise_form`) when no score or kind column
    is mapped or found by its usual name; each score question of a row becomes one answer."""
    file = Path(path)
    mapping = mapping or FeedbackMapping()
    if not file.is_file():
        raise FeedbackFileError(_("{file} does not exist", file=file))
    records = list(_records(file))
    columns = [c for c in dict.fromkeys(k for _, record in records for k in record) if c != _BROKEN]
    try:
        resolved = mapping.resolve(columns)
    except ValueError as exc:
        raise FeedbackFileError(str(exc)) from None
    notes: list[str] = []
    if not {"score", "kind"} & resolved.keys():  # neither mapped nor found by its usual name
        sample = [record for _, record in records[:_FORM_SAMPLE] if _BROKEN not in record]
        layout = recognise_form(columns, sample)
        if layout.is_form:
            resolved, notes = form_columns(resolved, layout, mapping)
            records = [
                (number, expanded)
                for number, record in records
                for expanded in expand_form_row(record, layout, f"{file.name}:{number}")
            ]
    if "person_id" not in resolved or "timestamp" not in resolved:
        missing = [f for f in ("person_id", "timestamp") if f not in resolved]
        raise FeedbackFileError(
            _(
                "{file}: no column for {fields}; columns: {columns} "
                "(map them, e.g. --person respondent --timestamp answered_at)",
                file=file,
                fields=", ".join(missing),
                columns=", ".join(columns),
            )
        )
    times = parse_timestamps(
        [
            None if _BROKEN in r else form_time(_value(r, resolved, mapping.defaults, "timestamp"))
            for _, r in records
        ],
        timezone,
    )
    rows: list[dict[str, Any]] = []
    rejected: list[RejectedRow] = []
    for (number, record), time in zip(records, times, strict=True):
        if _BROKEN in record:
            rejected.append(RejectedRow(number, record, str(record[_BROKEN])))
            continue
        row, reason = normalize_row(record, resolved, mapping.defaults, time)
        raw = {k: v for k, v in record.items() if not k.startswith(FORM_PREFIX)}
        if reason is not None:
            if not rejected or (rejected[-1].row, rejected[-1].reason) != (number, reason):
                rejected.append(RejectedRow(number, raw, reason))  # once per form row
            continue
        row["feedback_id"] = row.get("feedback_id") or f"{file.name}:{number}"
        row["source"] = file.name
        rows.append(row)
    arrow_schema = FEEDBACK_SCHEMA.to_pyarrow()
    table = pa.Table.from_pylist(rows, schema=arrow_schema)
    return FeedbackBatch(table, rejected, notes)


def _value(
    record: dict[str, Any], columns: dict[str, str], defaults: dict[str, str], name: str
) -> str | None:
    raw = record.get(columns[name]) if name in columns else None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raw = defaults.get(name)
    return None if raw is None else str(raw).strip()


def normalize_row(
    record: dict[str, Any],
    columns: dict[str, str],
    defaults: dict[str, str],
    timestamp: dt.datetime | None,
) -> tuple[dict[str, Any], str | None]:
    """One record in feedback columns, or the reason it cannot be one; `timestamp` is the
    record's time already read (None: unreadable)."""

    def value(name: str) -> str | None:
        return _value(record, columns, defaults, name)

    if record.get(NO_ANSWER):
        return {}, _("the row answers none of the recognised questions")
    person = value("person_id")
    if not person:
        return {}, _("no person id")
    if timestamp is None:
        raw_time = value("timestamp")
        if not raw_time:
            return {}, _("no timestamp")
        return {}, _(
            "timestamp {value} is not a date and time (ISO 8601, 07.11.2026 10:15, "
            "11/07/2026 10:15 or epoch seconds)",
            value=repr(raw_time),
        )
    text = value("text") or None
    raw_score = value("score")
    raw_kind = value("kind")
    kind = normalize_kind(raw_kind) if raw_kind else (TEXT_KIND if raw_score is None else None)
    if raw_kind and kind is None:
        return {}, _(
            "unknown kind {kind} (use nps, csat, ces, rating or text)", kind=repr(raw_kind)
        )
    if kind is None:
        return {}, _("a score without kind (map a kind column or give a default kind)")
    score, reason = _score(kind, raw_score, text)
    if reason:
        return {}, reason
    language = value("language")
    return {
        "feedback_id": value("feedback_id"),
        "person_id": person,
        "timestamp": timestamp,
        "kind": kind,
        "score": score,
        "text": text,
        "touchpoint": value("touchpoint"),
        "stage": value("stage"),
        "segment": value("segment"),
        "language": language[:2].lower() if language else (detect_language(text) if text else None),
    }, None


def _score(kind: str, raw: str | None, text: str | None) -> tuple[float | None, str | None]:
    if kind == TEXT_KIND:
        return None, None if text else _("text answer without text")
    if raw is None:
        return None, _("{kind} answer without score", kind=kind)
    try:
        score = float(raw.replace(",", "."))
    except ValueError:
        return None, _("score {value} is not a number", value=repr(raw))
    low, high = SCALES[kind]
    if math.isnan(score) or not low <= score <= high:
        bounds = {"low": format(low, "g"), "high": format(high, "g")}
        return None, _("{kind} score {value} outside {low}..{high}", kind=kind, value=raw, **bounds)
    if kind == "nps" and not score.is_integer():
        return None, _("nps score {value} is not a whole number", value=raw)
    return score, None


def _records(file: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    suffix = file.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        with file.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    record = {"line": line.rstrip("\n"), _BROKEN: f"not JSON: {exc.msg}"}
                if not isinstance(record, dict):
                    record = {"line": line.rstrip("\n"), _BROKEN: "not a JSON object"}
                yield number, record
        return
    if suffix in (".xlsx", ".xlsm"):
        yield from _workbook_records(file)
        return
    if suffix in (".csv", ".tsv", ".txt"):
        with file.open(encoding="utf-8-sig", newline="") as handle:
            delimiter = "\t" if suffix == ".tsv" else _sniff(handle.read(4096))
            handle.seek(0)
            for number, row in enumerate(csv.DictReader(handle, delimiter=delimiter), start=1):
                yield number, {k: v for k, v in row.items() if k is not None}
        return
    raise FeedbackFileError(
        _(
            "{file}: unknown feedback format {suffix} (use .csv, .tsv, .xlsx or .jsonl)",
            file=file,
            suffix=repr(suffix),
        )
    )


def _workbook_records(file: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    from journeymap.events.errors import IngestError
    from journeymap.events.vendor_text import read_xlsx

    try:
        table = read_xlsx(file)
    except IngestError as exc:
        raise FeedbackFileError(str(exc)) from None
    for number, cells in enumerate(table.rows, start=1):
        yield number, dict(zip(table.header, cells, strict=False))


def _sniff(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","
