"""Adding the `seq` column (order of ingestion) to the events of a store created before it.

A store made before migration 4 has no `seq`. Its events are numbered in the order the table
holds them, which is the order they were ingested in (or, after `journeymap optimize`, person,
time and message id: the order the analyses used to break ties by), so every existing analysis
result stays what it was. DuckDB numbers rows in place (`rowid`); Spark rewrites the table
through a scratch table with `monotonically_increasing_id`, which follows the files' order too.
The column is last, as in the events schema, so the table matches a new store's exactly.
"""

from __future__ import annotations

from typing import Any

from journeymap.events.schema import SOURCE_ORDER

Backend = Any  # an Ibis backend (duckdb or pyspark)
_SCRATCH = "jm_events_with_seq"


def add_source_order(backend: Backend) -> None:
    """Add and fill `events.seq` unless the table has it (a store created with it)."""
    if "events" not in backend.list_tables():
        return
    if SOURCE_ORDER in backend.table("events").columns:
        return
    if getattr(backend, "name", "") == "pyspark":
        _add_on_spark(backend._session)
        return
    backend.raw_sql(f"ALTER TABLE events ADD COLUMN {SOURCE_ORDER} BIGINT")
    backend.raw_sql(f"UPDATE events SET {SOURCE_ORDER} = rowid + 1")  # noqa: S608 - our names


def _add_on_spark(session: Any) -> None:
    from pyspark.sql import functions

    frame = session.table("events").withColumn(
        SOURCE_ORDER, (functions.monotonically_increasing_id() + 1).cast("bigint")
    )
    # Spark cannot overwrite a table it is reading: write a scratch table, then swap
    frame.write.mode("overwrite").format("parquet").saveAsTable(_SCRATCH)
    session.sql("DROP TABLE events")
    session.sql(f"ALTER TABLE {_SCRATCH} RENAME TO events")
