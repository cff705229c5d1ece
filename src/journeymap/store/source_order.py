"""Adding the `seq` column (order of ingestion) to the events of a store created before it.

A store made before migration 4 has no `seq`. Its events are numbered in the order the table
holds them, which is the order they were ingested in (or, after `journeymap optimize`, person,
time and message id: the order the analyses used to break ties by), so every existing analysis
result stays what it was. DuckDB numbers rows in place (`rowid`). A Spark store registers its
external tables from the current schema in every process, so the column is declared there but
the older files hold no values for it: the events are rewritten with `monotonically_increasing_id`
(which follows the files' order too) as one staged, journalled replacement (`spark_journal`).
The column is last, as in the events schema, so the table matches a new store's exactly.
"""

from __future__ import annotations

from typing import Any

from journeymap.events.schema import SOURCE_ORDER

Backend = Any  # an Ibis backend (duckdb or pyspark)


def add_source_order(backend: Backend) -> None:
    """Add and fill `events.seq` unless the table has it (a store created with it)."""
    if "events" not in backend.list_tables():
        return
    if getattr(backend, "name", "") == "pyspark":
        _add_on_spark(backend._session)
        return
    if SOURCE_ORDER in backend.table("events").columns:
        return
    backend.raw_sql(f"ALTER TABLE events ADD COLUMN {SOURCE_ORDER} BIGINT")
    backend.raw_sql(f"UPDATE events SET {SOURCE_ORDER} = rowid + 1")  # noqa: S608 - our names


def _add_on_spark(session: Any) -> None:
    from pyspark.sql import functions

    from journeymap.store.spark_journal import SparkWrite
    from journeymap.store.spark_tables import PARTITION_COLUMN, create_table

    events = session.table("events")
    declared = SOURCE_ORDER in events.columns
    # another process registers the table from the current schema, so there the column is
    # declared but the older files hold no values for it
    if declared and events.where(functions.col(SOURCE_ORDER).isNull()).limit(1).count() == 0:
        return
    numbered = events.withColumn(
        SOURCE_ORDER, (functions.monotonically_increasing_id() + 1).cast("bigint")
    )
    write = SparkWrite(session)
    try:
        write.replace("events", numbered, PARTITION_COLUMN)
        write.commit()
    finally:
        write.discard()
    if not declared:  # registered by this session from the old schema: declare it again
        session.sql("DROP TABLE events")  # external: the files stay
        create_table(session, "events")
