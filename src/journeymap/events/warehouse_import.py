"""Segment warehouse exports: a folder with `tracks`, `pages`, `screens`, `identifies` tables
plus one table per event (`order_completed`, ...), as CSV or Parquet (see `warehouse_tables`
for the folder layouts).

Each row of `tracks`, `pages` and `screens` is joined by `id` with the detail tables, so a
detail row's extra columns become properties of its event. Detail rows that join no row (the
tracks table was cut at another date, or the export has only per-event tables) are loaded as
`track` events of their own, since Segment writes every column of the event into them; a table
that cannot be joined or loaded is named in the result's notes, never skipped in silence.
`context_*` columns become the nested `context` object (`segment_context`); identify columns
become traits.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

import duckdb

from journeymap.events.csv_import import csv_columns
from journeymap.events.errors import IngestError
from journeymap.events.options import IngestOptions
from journeymap.events.progress import Progress
from journeymap.events.segment_context import context_object_sql
from journeymap.events.sources import size_of
from journeymap.events.staging import STAGE, STAGE_COLUMNS
from journeymap.events.tabular import json_object_sql, quote_identifier
from journeymap.events.warehouse_tables import warehouse_tables
from journeymap.i18n import format_number
from journeymap.i18n import gettext as _

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
JOINED: Final = ("tracks", "pages", "screens")
NOT_EVENTS: Final = {
    "users": "the latest traits of each user, which the identifies table carries",
    "groups": "group calls are not imported",
    "accounts": "account records are not events",
}


def _own(columns: list[str]) -> list[str]:
    return [c for c in columns if c.lower() not in STANDARD and not _is_context(c)]


def _is_context(column: str) -> bool:
    return column.lower().startswith("context_")


def _select(
    kind: str,
    alias: str,
    columns: list[str],
    detail: tuple[str, list[str]] | None = None,
    fallback_name: str | None = None,
) -> str:
    """The staging columns of a `kind` row of `alias`, with the `detail` (alias, columns)
    of a joined detail table as further properties."""

    def col(name: str) -> str:
        return f"CAST({alias}.{quote_identifier(name)} AS VARCHAR)" if name in columns else "NULL"

    context = [(f"{alias}.{quote_identifier(c)}", c) for c in columns if _is_context(c)]
    properties = [(f"{alias}.{quote_identifier(c)}", c) for c in _own(columns)]
    if detail is not None:
        properties += [(f"{detail[0]}.{quote_identifier(c)}", c) for c in detail[1]]
    track_name = f"coalesce({col('event_text')}, {col('event')})"
    if fallback_name is not None:
        track_name = f"coalesce({track_name}, '{fallback_name}')"
    values = {
        "row_number": "NULL",
        "raw": "NULL",
        "message_id": col("id"),
        "type": f"'{kind}'",
        "event": {"track": track_name, "identify": "NULL"}.get(kind, col("name")),
        "anonymous_id": col("anonymous_id"),
        "user_id": col("user_id"),
        "time": f"coalesce({col('timestamp')}, {col('original_timestamp')}, {col('received_at')})",
        "channel": col("channel"),
        "properties": "NULL" if kind == "identify" else json_object_sql(properties),
        "context": context_object_sql(context),
        "traits": json_object_sql(properties) if kind == "identify" else "NULL",
        "previous_id": "NULL",
        "reason": "NULL",
    }
    return ", ".join(values[c] for c in STAGE_COLUMNS)


class _Export:
    """One export folder being staged: its tables, their columns, and what to tell the user."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.con = con
        self.tables = warehouse_tables(path)
        if not self.tables:
            raise IngestError(_("{path} holds no CSV or Parquet tables", path=path))
        self.columns = {
            name: csv_columns(con, table.source_sql())[0] for name, table in self.tables.items()
        }
        self.notes: list[str] = []
        self.details = [n for n in self.tables if n not in KINDS and n not in NOT_EVENTS]

    def source(self, name: str) -> str:
        return self.tables[name].source_sql()

    def insert(self, select: str, source: str) -> None:
        self.con.execute(f"INSERT INTO {STAGE} SELECT {select} FROM {source}")  # noqa: S608 - SQL text from our constants, identifiers quoted

    def ids_of(self, names: Sequence[str]) -> str:
        """SQL: the ids of the rows of tables `names` (an empty set when there are none)."""
        parts = [
            f"SELECT CAST(id AS VARCHAR) AS id FROM {self.source(n)}"  # noqa: S608 - ours
            for n in names
            if "id" in self.columns[n]
        ]
        return " UNION ALL ".join(parts) or "SELECT NULL::VARCHAR AS id WHERE false"

    def stage(self) -> None:
        for name, kind in KINDS.items():
            if name not in self.tables:
                continue
            if kind == "identify":
                self.insert(_select(kind, "t", self.columns[name]), f"{self.source(name)} AS t")
            else:
                self._stage_joined(name, kind)
        self._stage_unjoined_details()
        for name in self.tables:
            if name in NOT_EVENTS:
                self.notes.append(
                    _(
                        "table {name} not loaded: {not_events}",
                        name=name,
                        not_events=NOT_EVENTS[name],
                    )
                )

    def _joinable(self) -> list[str]:
        return [n for n in self.details if "id" in self.columns[n]]

    def _stage_joined(self, name: str, kind: str) -> None:
        columns = self.columns[name]
        base = f"{self.source(name)} AS t"
        if "id" not in columns:
            self.insert(_select(kind, "t", columns), base)
            return
        for detail in self._joinable():
            extra = [c for c in _own(self.columns[detail]) if c not in columns]
            self.insert(
                _select(kind, "t", columns, ("e", extra)),
                f"{base} JOIN {self.source(detail)} AS e"
                " ON CAST(e.id AS VARCHAR) = CAST(t.id AS VARCHAR)",
            )
        unmatched = f"({self.ids_of(self._joinable())})"
        self.insert(
            _select(kind, "t", columns),
            f"{base} WHERE CAST(t.id AS VARCHAR) IS NULL OR CAST(t.id AS VARCHAR) NOT IN"  # noqa: S608 - SQL text from our constants, identifiers quoted
            f" (SELECT id FROM {unmatched} WHERE id IS NOT NULL)",
        )

    def _stage_unjoined_details(self) -> None:
        joined = [n for n in JOINED if n in self.tables]
        for detail in self.details:
            columns = self.columns[detail]
            if "id" not in columns:
                self.notes.append(
                    _(
                        "table {detail} not loaded: it has no id column to join on (expected a "
                        "Segment "
                        "per-event table)",
                        detail=detail,
                    )
                )
                continue
            before = self.staged()
            self.insert(
                _select("track", "e", columns, fallback_name=detail.replace("'", "''")),
                f"{self.source(detail)} AS e WHERE CAST(e.id AS VARCHAR) NOT IN"  # noqa: S608 - SQL text from our constants, identifiers quoted
                f" (SELECT id FROM ({self.ids_of(joined)}) WHERE id IS NOT NULL)",
            )
            alone = self.staged() - before
            if alone and joined:
                self.notes.append(
                    _(
                        "{alone} row(s) of table {detail} joined no row of {tables}: loaded as "
                        "track "
                        "events from the table itself",
                        alone=format_number(alone),
                        detail=detail,
                        tables=", ".join(joined),
                    )
                )
            elif alone:
                self.notes.append(
                    _(
                        "{alone} row(s) of table {detail} loaded as track events from the table "
                        "itself "
                        "(the export has no tracks, pages or screens table)",
                        alone=format_number(alone),
                        detail=detail,
                    )
                )

    def staged(self) -> int:
        row = self.con.execute(f"SELECT count(*) FROM {STAGE}").fetchone()  # noqa: S608 - SQL text from our constants, identifiers quoted
        return int(row[0]) if row else 0


def load_warehouse(
    con: duckdb.DuckDBPyConnection, path: Path, options: IngestOptions, progress: Progress
) -> list[str]:
    """Stage the export folder `path`; return notes on tables not loaded or not joined."""
    try:
        export = _Export(con, path)
        export.stage()
    except duckdb.Error as exc:
        raise IngestError(
            _("cannot read the Segment warehouse export {path}: {exc}", path=path, exc=exc)
        ) from None
    # row numbers stay NULL: a quarantined row is numbered by its position among the staged rows
    progress(size_of(path), export.staged())
    return export.notes
