"""XES process logs (plain or gzip), streamed with iterparse so memory stays flat.

A trace (case) is a person: its `concept:name` is the user id, its other attributes become
traits (and `channel` the event channel). Each event's `concept:name` is the event name,
`time:timestamp` the time; every other attribute, such as `lifecycle:transition` and
`org:resource`, is kept in properties under its XES key.
"""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from journeymap.events.errors import IngestError
from journeymap.events.options import IngestOptions
from journeymap.events.progress import Progress
from journeymap.events.sources import GZIP_MAGIC
from journeymap.events.staging import STAGE, STAGE_COLUMNS
from journeymap.i18n import gettext as _

CHUNK_VIEW = "jm_xes_chunk"
_CONVERTERS: dict[str, Any] = {
    "int": int,
    "float": float,
    "boolean": lambda v: v.strip().lower() == "true",
}


_SKIPPED = frozenset({"event", "list", "container"})
_local_names: dict[str, str] = {}


def _local(tag: str) -> str:
    """`{namespace}event` -> `event` (cached: a log repeats a handful of tags millions of times)."""
    name = _local_names.get(tag)
    if name is None:
        name = _local_names[tag] = tag.rsplit("}", 1)[-1]
    return name


def _attributes(element: ET.Element) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for child in element:
        kind = _local(child.tag)
        attrib = child.attrib
        key, value = attrib.get("key"), attrib.get("value")
        if key is None or value is None or kind in _SKIPPED:
            continue
        try:
            values[key] = _CONVERTERS.get(kind, str)(value)
        except ValueError:
            values[key] = value
    return values


def _rows_of_trace(trace: ET.Element) -> Iterator[dict[str, Any]]:
    case = _attributes(trace)
    person = case.pop("concept:name", None)
    traits = json.dumps(case, ensure_ascii=False, default=str) if case else None
    for element in trace:
        if _local(element.tag) != "event":
            continue
        attributes = _attributes(element)
        name = attributes.pop("concept:name", None)
        time = attributes.pop("time:timestamp", None)
        channel = attributes.pop("channel", None) or case.get("channel")
        yield {
            "type": "track",
            "event": None if name is None else str(name),
            "user_id": None if person is None else str(person),
            "time": None if time is None else str(time),
            "channel": None if channel is None else str(channel),
            "properties": json.dumps(attributes, ensure_ascii=False) if attributes else None,
            "traits": traits,
        }


def _table(rows: list[dict[str, Any]], first_number: int) -> pa.Table:
    columns: dict[str, pa.Array] = {
        "row_number": pa.array(range(first_number, first_number + len(rows)), pa.int64())
    }
    for name in STAGE_COLUMNS[1:]:
        columns[name] = pa.array([row.get(name) for row in rows], pa.string())
    return pa.table(columns)


def load_xes(
    con: duckdb.DuckDBPyConnection, path: Path, options: IngestOptions, progress: Progress
) -> None:
    staged = 0
    rows: list[dict[str, Any]] = []
    with path.open("rb") as raw_file:
        compressed = raw_file.read(2) == GZIP_MAGIC
        raw_file.seek(0)
        stream = gzip.GzipFile(fileobj=raw_file) if compressed else raw_file
        root: ET.Element | None = None
        try:
            # the log is the user's own file; expat does not fetch external entities
            for kind, element in ET.iterparse(stream, events=("start", "end")):  # noqa: S314
                if root is None:
                    root = element
                if kind != "end" or _local(element.tag) != "trace":
                    continue
                rows.extend(_rows_of_trace(element))
                root.clear()  # drop finished traces so memory does not grow with the file
                if len(rows) >= options.chunk_rows:
                    _stage(con, rows, staged + 1)
                    staged += len(rows)
                    rows = []
                    progress(raw_file.tell(), staged)
        except ET.ParseError as exc:
            raise IngestError(
                _("{path} is not well-formed XES/XML: {exc}", path=path, exc=exc)
            ) from None
    if root is None or _local(root.tag) != "log":
        raise IngestError(_("{path} is not an XES log (no <log> root element)", path=path))
    if rows:
        _stage(con, rows, staged + 1)
        staged += len(rows)
    progress(path.stat().st_size, staged)


def _stage(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]], first: int) -> None:
    con.register(CHUNK_VIEW, _table(rows, first))
    try:
        con.execute(f"INSERT INTO {STAGE} SELECT * FROM {CHUNK_VIEW}")  # noqa: S608 - SQL text from our constants, identifiers quoted
    finally:
        con.unregister(CHUNK_VIEW)
