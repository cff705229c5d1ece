"""Reading survey answers and feedback texts from CSV or JSON lines files.

`read_feedback(path, mapping)` returns a `FeedbackBatch`: the valid answers as a pyarrow table in
the feedback columns (see `journeymap.analytics.feedback.schema`) and every other row in
`rejected`, with its 1-based row number, the raw values and the reason. Nothing is dropped
silently.

Rules: a row needs a person and a timestamp (ISO 8601; with an offset it is converted to UTC),
and a score, a text or both. The kind comes from the kind column, else `defaults["kind"]`, else
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

from journeymap.analytics.feedback.mapping import FeedbackMapping
from journeymap.analytics.feedback.schema import FEEDBACK_SCHEMA, SCALES, TEXT_KIND, normalize_kind
from journeymap.analytics.feedback.text import detect_language
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

    def to_ibis(self) -> ir.Table:
        return ibis.memtable(self.table)


_BROKEN = "__unreadable__"


class FeedbackFileError(ValueError):
    """The file as a whole cannot be read (missing, unknown format, unmapped columns)."""


def read_feedback(path: str | Path, mapping: FeedbackMapping | None = None) -> FeedbackBatch:
    """The answers of a `.csv`/`.tsv` or `.jsonl`/`.ndjson` file."""
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
    if "person_id" not in resolved or "timestamp" not in resolved:
        missing = [f for f in ("person_id", "timestamp") if f not in resolved]
        raise FeedbackFileError(
            _(
                "{file}: no column for {missing}; columns: {columns} (map them, e.g. --person "
                "respondent --timestamp answered_at)",
                file=file,
                missing=", ".join(missing),
                columns=", ".join(columns),
            )
        )
    rows: list[dict[str, Any]] = []
    rejected: list[RejectedRow] = []
    for number, record in records:
        if _BROKEN in record:
            rejected.append(RejectedRow(number, record, str(record[_BROKEN])))
            continue
        row, reason = normalize_row(record, resolved, mapping.defaults)
        if reason is not None:
            rejected.append(RejectedRow(number, record, reason))
            continue
        row["feedback_id"] = row.get("feedback_id") or f"{file.name}:{number}"
        row["source"] = file.name
        rows.append(row)
    arrow_schema = FEEDBACK_SCHEMA.to_pyarrow()
    table = pa.Table.from_pylist(rows, schema=arrow_schema)
    return FeedbackBatch(table, rejected)


def normalize_row(
    record: dict[str, Any], columns: dict[str, str], defaults: dict[str, str]
) -> tuple[dict[str, Any], str | None]:
    """One record in feedback columns, or the reason it cannot be one."""

    def value(name: str) -> str | None:
        raw = record.get(columns[name]) if name in columns else None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raw = defaults.get(name)
        return None if raw is None else str(raw).strip()

    person = value("person_id")
    if not person:
        return {}, "no person id"
    timestamp = _timestamp(value("timestamp"))
    if timestamp is None:
        return {}, f"timestamp {value('timestamp')!r} is not ISO 8601"
    text = value("text") or None
    raw_score = value("score")
    raw_kind = value("kind")
    kind = normalize_kind(raw_kind) if raw_kind else (TEXT_KIND if raw_score is None else None)
    if raw_kind and kind is None:
        return {}, f"unknown kind {raw_kind!r} (use nps, csat, ces, rating or text)"
    if kind is None:
        return {}, "a score without kind (map a kind column or give a default kind)"
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
        return None, None if text else "text answer without text"
    if raw is None:
        return None, f"{kind} answer without score"
    try:
        score = float(raw.replace(",", "."))
    except ValueError:
        return None, f"score {raw!r} is not a number"
    low, high = SCALES[kind]
    if math.isnan(score) or not low <= score <= high:
        return None, f"{kind} score {raw} outside {low:g}..{high:g}"
    if kind == "nps" and not score.is_integer():
        return None, f"nps score {raw} is not a whole number"
    return score, None


def _timestamp(raw: str | None) -> dt.datetime | None:
    if not raw:
        return None
    try:
        parsed = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


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
    if suffix in (".csv", ".tsv", ".txt"):
        with file.open(encoding="utf-8-sig", newline="") as handle:
            delimiter = "\t" if suffix == ".tsv" else _sniff(handle.read(4096))
            handle.seek(0)
            for number, row in enumerate(csv.DictReader(handle, delimiter=delimiter), start=1):
                yield number, {k: v for k, v in row.items() if k is not None}
        return
    raise FeedbackFileError(
        _(
            "{file}: unknown feedback format {suffix!r} (use .csv, .tsv or .jsonl)",
            file=file,
            suffix=suffix,
        )
    )


def _sniff(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","
