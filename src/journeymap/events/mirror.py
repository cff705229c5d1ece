"""Run a DuckDB-only store operation against a PySpark store through an in-memory mirror.

The Spark tables are copied into an in-memory DuckDB store, the operation runs there with
exactly the DuckDB code path (same checks, dedupe and stitching, hence the same results), and
the tables are written back to Spark as Parquet tables. The round trip moves the whole store, so
it suits stores that fit in memory; at larger scale write Parquet partitions Spark reads directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from journeymap.store import TABLES, Store
from journeymap.store.arrow import replace_table, to_arrow

T = TypeVar("T")
MIRRORED = tuple(name for name in TABLES if name != "schema_version")


def run_on_mirror(store: Store, action: Callable[[Store], T], changed: Callable[[T], bool]) -> T:
    """`action(mirror)` on a DuckDB copy of `store`; tables are written back if `changed`."""
    with Store.open("duckdb://:memory:") as mirror:
        for name in MIRRORED:
            mirror.duckdb.register("jm_copy", to_arrow(store.table(name)))
            mirror.duckdb.execute(f"INSERT INTO {name} SELECT * FROM jm_copy")  # noqa: S608 - ours
            mirror.duckdb.unregister("jm_copy")
        outcome = action(mirror)
        if changed(outcome):
            for name in MIRRORED:
                data = mirror.duckdb.sql(f"SELECT * FROM {name}").to_arrow_table()  # noqa: S608 - ours
                replace_table(store.backend, name, data)
    return outcome
