"""Write event tables as Segment-spec JSON lines or as Parquet with the `events` columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.i18n import gettext
from journeymap.simulate.event_formats import FORMATS, EventFormat
from journeymap.simulate.json_text import escape, iso_timestamps

BATCH_ROWS = 250_000
"""Rows turned into text at a time, so memory stays flat for big tables."""
_NAMED_CALLS = ("page", "screen")


def format_for(path: Path, fmt: str | None = None) -> EventFormat:
    """The format asked for, else the one the file extension says (`.parquet`, else JSONL)."""
    chosen = fmt or ("parquet" if path.suffix.lower() in (".parquet", ".pq") else "jsonl")
    if chosen not in FORMATS:
        raise ValueError(
            gettext(
                "unknown format {chosen!r}; use one of: {formats}",
                chosen=chosen,
                formats=", ".join(FORMATS),
            )
        )
    return "parquet" if chosen == "parquet" else "jsonl"


def write_events(table: pa.Table, path: str | Path, fmt: str | None = None) -> Path:
    """Write `table` (rows of `EVENTS_SCHEMA`) to `path` as JSONL or Parquet; returns the path."""
    target = Path(path)
    chosen = format_for(target, fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    if chosen == "parquet":
        pq.write_table(table.select(list(EVENTS_SCHEMA.names)), target)
        return target
    with target.open("wb") as out:
        for batch in table.to_batches(max_chunksize=BATCH_ROWS):
            lines = segment_lines(pa.Table.from_batches([batch]))
            out.write(_text_bytes(lines))
    return target


def segment_lines(table: pa.Table) -> pa.Array:
    """One Segment-spec JSON object per row, each ending with a newline.

    Keys: messageId, type, event (track) or name (page/screen), anonymousId, userId,
    timestamp (ISO-8601, UTC, `Z`), channel, properties, context, traits; absent values are
    left out.
    """
    column = table.column
    calls = column("type").combine_chunks()
    named = pc.is_in(calls, pa.array(_NAMED_CALLS))
    event_key = pc.if_else(named, ',"name":"', ',"event":"')
    stamp = iso_timestamps(column("timestamp"))
    parts: list[Any] = [
        '{"messageId":"',
        escape(column("message_id")),
        '","type":"',
        escape(calls),
        '"',
        _optional(event_key, column("event")),
        _optional(',"anonymousId":"', column("anonymous_id")),
        _optional(',"userId":"', column("user_id")),
        ',"timestamp":"',
        stamp,
        '"',
        _optional(',"channel":"', column("channel")),
        _raw(',"properties":', column("properties")),
        _raw(',"context":', column("context")),
        _raw(',"traits":', column("traits")),
        "}\n",
    ]
    return pc.binary_join_element_wise(*parts, "")


def _optional(key: Any, values: Any) -> pa.Array:
    """`,"key":"value"` for present values, nothing for nulls."""
    text = pc.binary_join_element_wise(key, escape(values), '"', "")
    return pc.fill_null(text, "")


def _raw(key: str, values: Any) -> pa.Array:
    """`,"key":<JSON text>` for present, non-empty JSON values."""
    present = pc.fill_null(pc.not_equal(values, ""), False)
    text = pc.binary_join_element_wise(key, values, "")
    return pc.if_else(present, text, "")


def _text_bytes(lines: pa.Array) -> memoryview:
    """The concatenated text of a string array, straight from its data buffer."""
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    width = np.int64 if pa.types.is_large_string(lines.type) else np.int32
    _, offset_buffer, data = lines.buffers()
    offsets = np.frombuffer(offset_buffer, dtype=width)
    first = int(offsets[lines.offset])
    last = int(offsets[lines.offset + len(lines)])
    return memoryview(data)[first:last]
