"""Parquet through DuckDB's reader, with the same column mapping as CSV (values keep types)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from journeymap.events.errors import IngestError
from journeymap.events.mapping import resolve_mapping
from journeymap.events.options import IngestOptions
from journeymap.events.progress import Progress
from journeymap.events.sources import size_of
from journeymap.events.staging import STAGE
from journeymap.events.tabular import insert_table_sql


def read_parquet_sql(path: Path) -> str:
    return "read_parquet('" + str(path).replace("'", "''") + "')"


def load_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, options: IngestOptions, progress: Progress
) -> None:
    source = read_parquet_sql(path)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()  # noqa: S608 - SQL text from our constants, identifiers quoted
    except duckdb.Error as exc:
        raise IngestError(f"cannot read {path} as Parquet: {exc}") from None
    columns = [row[0] for row in described]
    types = {row[0]: row[1] for row in described}
    mapping = resolve_mapping(columns, options.mapping, path.name)
    con.execute(insert_table_sql(source, mapping, types))
    rows = con.execute(f"SELECT count(*) FROM {STAGE}").fetchone()  # noqa: S608 - SQL text from our constants, identifiers quoted
    progress(size_of(path), int(rows[0]) if rows else 0)
