"""Segment / RudderStack JSON: JSON lines (streamed in chunks) and whole JSON documents."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from journeymap.events.errors import IngestError
from journeymap.events.options import IngestOptions
from journeymap.events.progress import Progress
from journeymap.events.segment_json import may_expand, select_records_sql
from journeymap.events.sources import GZIP_MAGIC
from journeymap.events.staging import check_into_ready
from journeymap.i18n import gettext as _

CHUNK_VIEW = "jm_chunk"


def _chunk(numbers: list[int], texts: list[str], reasons: list[str | None]) -> pa.Table:
    return pa.table(
        {
            "row_number": pa.array(numbers, pa.int64()),
            "raw": pa.array(texts, pa.string()),
            "reason": pa.array(reasons, pa.string()),
        }
    )


def iter_line_chunks(path: Path, chunk_rows: int) -> Iterator[tuple[pa.Table, int]]:
    """Non-blank lines as `(row_number, raw, reason)` chunks, with the file bytes read so far.

    Lines that are not UTF-8 are kept (undecodable bytes replaced) with a reason, so binary
    garbage lands in quarantine instead of stopping the file.
    """
    with path.open("rb") as raw_file:
        compressed = raw_file.read(2) == GZIP_MAGIC
        raw_file.seek(0)
        stream = gzip.GzipFile(fileobj=raw_file) if compressed else raw_file
        numbers: list[int] = []
        texts: list[str] = []
        reasons: list[str | None] = []
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                text = line.decode("utf-8")
                reason = None
            except UnicodeDecodeError:
                text = line.decode("utf-8", errors="replace")
                reason = "not UTF-8 text (binary data)"
            if "\x00" in text:
                text, reason = text.replace("\x00", "\ufffd"), "not UTF-8 text (binary data)"
            numbers.append(number)
            texts.append(text.rstrip("\r\n"))
            reasons.append(reason)
            if len(numbers) >= chunk_rows:
                yield _chunk(numbers, texts, reasons), raw_file.tell()
                numbers, texts, reasons = [], [], []
        if numbers:
            yield _chunk(numbers, texts, reasons), raw_file.tell()


def _stage_chunk(con: duckdb.DuckDBPyConnection, chunk: pa.Table, options: IngestOptions) -> None:
    """Parse and check one chunk of JSON texts straight into `jm_ready` (no staging copy)."""
    con.register(CHUNK_VIEW, chunk)
    try:
        expand = may_expand(chunk.column("raw"))
        check_into_ready(con, select_records_sql(CHUNK_VIEW, expand=expand), options)
    finally:
        con.unregister(CHUNK_VIEW)


def load_json_lines(
    con: duckdb.DuckDBPyConnection, path: Path, options: IngestOptions, progress: Progress
) -> None:
    rows = 0
    for chunk, done in iter_line_chunks(path, options.chunk_rows):
        _stage_chunk(con, chunk, options)
        rows += chunk.num_rows
        progress(done, rows)


def load_json_document(
    con: duckdb.DuckDBPyConnection, path: Path, options: IngestOptions, progress: Progress
) -> None:
    """A file holding one JSON document (an array of events or a batch payload, pretty-printed
    or not); each array element becomes a record numbered from 1."""
    try:
        with path.open("rb") as handle:
            head = handle.read(2)
        opener = gzip.open if head == GZIP_MAGIC else open
        with opener(path, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(
            _(
                "{path} is not valid JSON ({exc}); for one event per line use --format jsonl",
                path=path,
                exc=exc,
            )
        ) from None
    items = document if isinstance(document, list) else [document]
    texts = [json.dumps(item, ensure_ascii=False) for item in items]
    for start in range(0, len(texts), options.chunk_rows):
        part = texts[start : start + options.chunk_rows]
        numbers = list(range(start + 1, start + 1 + len(part)))
        _stage_chunk(con, _chunk(numbers, part, [None] * len(part)), options)
        progress(path.stat().st_size * (start + len(part)) // max(len(texts), 1), start + len(part))
