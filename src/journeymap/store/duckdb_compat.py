"""Let ibis 12 drive duckdb 2.0, which renamed the Arrow fetch methods.

ibis 12's DuckDB backend calls `fetch_arrow_table` / `fetch_record_batch` on connections (gone
in duckdb 2.0) and on relations (deprecated there, warning on every call). Pointing the old names
at `to_arrow_table` / `to_arrow_reader` keeps ibis working without warnings.
"""

from __future__ import annotations

import warnings
from typing import Any

import duckdb


def _arrow_table(self: Any, *_: Any) -> Any:
    # duckdb 2.0 warns that Arrow output of a DB-API result copies rows; ibis has no other path
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return self.to_arrow_table()


def _record_batches(self: Any, rows_per_batch: int = 1_000_000) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return self.to_arrow_reader(rows_per_batch)


def install() -> None:
    """Alias the 1.x names (idempotent; a no-op on duckdb 1.x, where they exist natively)."""
    for cls in (duckdb.DuckDBPyConnection, duckdb.DuckDBPyRelation):
        if not hasattr(cls, "to_arrow_table"):
            continue
        setattr(cls, "fetch_arrow_table", _arrow_table)  # noqa: B010 - patching a C type
        setattr(cls, "fetch_record_batch", _record_batches)  # noqa: B010 - patching a C type
