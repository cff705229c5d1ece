"""Segment warehouse exports: a folder with `tracks`, `pages`, `identifies` (and `screens`)
tables plus one table per event type (`order_completed`, ...), as CSV or Parquet files.

Track rows are joined with their event table by `id`, so the event's extra columns become
properties; `context_*` columns become the context object; identify columns become traits.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import duckdb

from journeymap.events.csv_import import csv_columns, read_csv_sql, sniff_delimiter
from journeymap.events.errors import IngestError
from journeymap.events.options import IngestOptions
from journeymap.events.progress import Progress
from journeymap.events.sources import head_bytes, size_of
from journeymap.events.staging import STAGE, STAGE_COLUMNS
from journeymap.events.tabular import json_object_sql, quote_identifier

STANDARD: Final = frozenset(
    {
        "id",
        "anonymous_id",
        "user_id",
        "event",
        "event_text",
        "timestamp",
        "original_timestamp",
        "sent_at",
        "received_at",
        "uuid_ts",
        "loaded_at",
        "channel",
        "type",
    }
)
KINDS: Final = {"tracks": "track", "pages": "page", "screens": "screen", "identifies": "identify"}
_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(name: str) -> str:
    return _SLUG.sub("_", name.lower()).strip("_")


def _source(path: Path) -> str:
    if head_bytes(path, 4).startswith(b"PAR1"):
        return "read_parquet('" + str(path).replace("'", "''") + "')"
    return read_csv_sql(path, sniff_delimiter(path, "csv"), rejects=False)


def _tables(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for child in sorted(folder.iterdir()):
        if child.is_file() and child.suffix.lower() in (".csv", ".parquet", ".pq", ".gz"):
            found[_slug(child.name.split(".")[0])] = child
    return found


def _select(kind: str, alias: str, columns: list[str], extra: str, extra_columns: list[str]) -> str:
    def col(name: str) -> str:
        return f"CAST({alias}.{quote_identifier(name)} AS VARCHAR)" if name in columns else "NULL"

    context = [
        (f"{alias}.{quote_identifier(c)}", c.removeprefix("context_"))
        for c in columns
        if c.startswith("context_")
    ]
    own = [c for c in columns if c not in STANDARD and not c.startswith("context_")]
    properties = [(f"{alias}.{quote_identifier(c)}", c) for c in own] + [
        (f"{extra}.{quote_identifier(c)}", c) for c in extra_columns
    ]
    name = {
        "track": col("event_text") if "event_text" in columns else col("event"),
        "page": col("name"),
        "screen": col("name"),
        "identify": "NULL",
    }[kind]
    values = {
        "row_number": "row_number() OVER ()",
        "raw": "NULL",
        "message_id": col("id"),
        "type": f"'{kind}'",
        "event": name,
        "anonymous_id": col("anonymous_id"),
        "user_id": col("user_id"),
        "time": f"coalesce({col('timestamp')}, {col('original_timestamp')}, {col('received_at')})",
        "channel": col("channel"),
        "properties": "NULL" if kind == "identify" else _object(properties),
        "context": _object(context),
        "traits": _object(properties) if kind == "identify" else "NULL",
        "previous_id": "NULL",
        "reason": "NULL",
    }
    return ", ".join(values[c] for c in STAGE_COLUMNS)


def _object(pairs: list[tuple[str, str]]) -> str:
    return json_object_sql(pairs)


def load_warehouse(
    con: duckdb.DuckDBPyConnection, path: Path, options: IngestOptions, progress: Progress
) -> None:
    tables = _tables(path)
    if not any(name in tables for name in KINDS):
        raise IngestError(f"{path} has no tracks, pages, screens or identifies table")
    try:
        described = {name: csv_columns(con, _source(file))[0] for name, file in tables.items()}
        event_tables = [n for n in tables if n not in KINDS and n != "users"]
        for name, kind in KINDS.items():
            if name not in tables:
                continue
            columns = described[name]
            base = f"{_source(tables[name])} AS t"
            if kind != "track":
                con.execute(
                    f"INSERT INTO {STAGE} SELECT {_select(kind, 't', columns, 'e', [])} FROM {base}"  # noqa: S608 - SQL text from our constants, identifiers quoted
                )
                continue
            for event_table in event_tables:
                extra = [
                    c
                    for c in described[event_table]
                    if c not in STANDARD and not c.startswith("context_") and c not in columns
                ]
                joined_on = "CAST(e.id AS VARCHAR) = CAST(t.id AS VARCHAR)"
                select = _select(kind, "t", columns, "e", extra)
                event_source = _source(tables[event_table])
                con.execute(
                    f"INSERT INTO {STAGE} SELECT {select} "  # noqa: S608 - our own SQL text
                    f"FROM {base} JOIN {event_source} AS e ON {joined_on}"
                )
            with_table = " UNION ALL ".join(
                f"SELECT CAST(id AS VARCHAR) AS id FROM {_source(tables[n])}"  # noqa: S608 - ours
                for n in event_tables
            )
            unmatched = (
                f"CAST(t.id AS VARCHAR) NOT IN (SELECT id FROM ({with_table}) "  # noqa: S608 - ours
                "WHERE id IS NOT NULL)"
                if with_table
                else "true"
            )
            select = _select(kind, "t", columns, "e", [])
            con.execute(
                f"INSERT INTO {STAGE} SELECT {select} FROM {base} WHERE {unmatched}"  # noqa: S608 - ours
            )
    except duckdb.Error as exc:
        raise IngestError(f"cannot read the Segment warehouse export {path}: {exc}") from None
    rows = con.execute(f"SELECT count(*) FROM {STAGE}").fetchone()  # noqa: S608 - SQL text from our constants, identifiers quoted
    progress(size_of(path), int(rows[0]) if rows else 0)
