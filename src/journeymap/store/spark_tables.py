"""The store's tables on Spark: Parquet folders at fixed places, registered in every process.

A local SparkSession keeps its catalog in memory, so a second process (the next CLI command)
sees the database folder but none of its tables, and creating them again fails with
`LOCATION_ALREADY_EXISTS`. Every table is therefore an *external* Parquet table at
`<database folder>/<table>`: `CREATE TABLE IF NOT EXISTS ... LOCATION` creates it the first time
and registers the existing files in every later process (or does nothing when a persistent
metastore, as on Databricks or EMR, already knows it).

`events` is partitioned by `event_date` (the UTC date of `timestamp`), so imports add files to
the dates they touch and Spark prunes dates in queries on time. The partition column is the
storage's concern: `Store.table("events")` shows only the columns of `EVENTS_SCHEMA`.
"""

from __future__ import annotations

from typing import Any, Final

import ibis.expr.schema as sch

from journeymap.store.tables import TABLES

PARTITION_COLUMN: Final = "event_date"
PARTITIONED: Final = {"events": PARTITION_COLUMN}


def spark_ddl(schema: sch.Schema) -> str:
    """The column list of `schema` in Spark DDL, derived from the Ibis types (so a column added
    to `TABLES` reaches Spark without another list to update)."""
    from ibis.backends.pyspark.datatypes import PySparkType

    return ", ".join(
        f"`{name}` {PySparkType.from_ibis(dtype).simpleString()}" for name, dtype in schema.items()
    )


def database_location(session: Any) -> str:
    """The folder (URI) of the session's current database."""
    database = session.catalog.currentDatabase()
    uri = str(session.catalog.getDatabase(database).locationUri)
    return uri.rstrip("/")


def table_location(session: Any, name: str) -> str:
    return f"{database_location(session)}/{name}"


def create_table(session: Any, name: str) -> None:
    """Create (or register the existing files of) the store table `name`."""
    columns = spark_ddl(TABLES[name])
    partition = PARTITIONED.get(name)
    if partition is not None:
        columns += f", `{partition}` date"
    partitioned = f" PARTITIONED BY (`{partition}`)" if partition else ""
    location = table_location(session, name)
    fs, path = hadoop_fs(session, location)
    fs.mkdirs(path)  # Spark warns about (and probes for) a location that does not exist yet
    location = location.replace("'", "\\'")
    session.sql(
        f"CREATE TABLE IF NOT EXISTS `{name}` ({columns}) USING parquet{partitioned}"
        f" LOCATION '{location}'"
    )
    if partition is not None:
        refresh_table(session, name)


def refresh_table(session: Any, name: str) -> None:
    """Make the session see files written to the table's folder (new partitions, new files)."""
    if name in PARTITIONED:
        session.sql(f"ALTER TABLE `{name}` RECOVER PARTITIONS")
    session.catalog.refreshTable(name)


def is_registered(session: Any, name: str) -> bool:
    return bool(session.catalog.tableExists(name))


def hadoop_fs(session: Any, uri: str) -> tuple[Any, Any]:
    """The Hadoop FileSystem of `uri` and the uri as a Hadoop Path (local, HDFS, S3, ...)."""
    jvm = session._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(session._jsc.hadoopConfiguration()), path


def path_exists(session: Any, uri: str) -> bool:
    fs, path = hadoop_fs(session, uri)
    return bool(fs.exists(path))


def register_existing(session: Any) -> None:
    """Register every store table whose folder exists but which this session does not know
    (a store written by another process)."""
    for name in TABLES:
        if not is_registered(session, name) and path_exists(session, table_location(session, name)):
            create_table(session, name)
