"""Parquet through DuckDB's reader, with the same column mapping as CSV (values keep types).

Read, mapped and checked in one pass straight into `jm_ready`, as CSV is.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from journeymap.events.errors import IngestError
from journeymap.events.mapping import resolve_mapping
from journeymap.events.options import IngestOptions
from journeymap.events.progress import Progress
from journeymap.events.sources import size_of
from journeymap.events.staging import check_into_ready
from journeymap.events.tabular import select_table_sql
from journeymap.i18n import gettext as _


def read_parquet_sql(path: Path) -> str:
    return "read_parquet('" + str(path).replace("'", "''") + "')"


def load_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, options: IngestOptions, progress: Progress
) -> None:
    source = read_parquet_sql(path)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()  # noqa: S608 - SQL text from our constants, identifiers quoted
    except duckdb.Error as exc:
        raise IngestError(_("cannot read {path} as Parquet: {exc}", path=path, exc=exc)) from None
    columns = [row[0] for row in described]
    types = {row[0]: row[1] for row in described}
    mapping = resolve_mapping(columns, options.mapping, path.name)
    select = select_table_sql(source, mapping, types, number_rows=False)
    rows = check_into_ready(con, select, options, numbered=False)
    progress(size_of(path), rows)
