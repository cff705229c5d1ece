"""Connecting a store to PySpark: tables are Parquet-backed Spark tables in a warehouse folder."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Final

import ibis

from journeymap.i18n import gettext as _
from journeymap.store.errors import StoreError
from journeymap.store.url import StoreUrl

DEFAULT_DATABASE = "journeymap"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LOCAL_THREADS = re.compile(r"^local(?:\[(\d+|\*)(?:,\d+)?\])?$")
PARTITION_LISTING_THRESHOLD: Final = "100000"
"""Partition folders listed by the driver itself before Spark lists them with a job (default 32).
`events` has one folder per day: a year of data is a 365-task job before every query on it,
where listing it on the one machine of a local session takes milliseconds."""


def local_threads(master: str) -> int | None:
    """Worker threads of a `local`, `local[N]` or `local[*]` master; None for a cluster."""
    found = _LOCAL_THREADS.match(master)
    if found is None:
        return None
    threads = found.group(1)
    if threads is None:
        return 1
    return (os.cpu_count() or 1) if threads == "*" else int(threads)


def tune_local(session: Any) -> None:
    """Size a local session's SQL settings to its threads, unless the user set them.

    Spark's defaults are made for clusters: 200 shuffle partitions make every join, group and
    window 200 tasks (each a few milliseconds of scheduling, and a file per task when written),
    which on a 2-thread local session costs more than the work itself."""
    threads = local_threads(str(session.sparkContext.master))
    if threads is None:
        return
    given = session.sparkContext.getConf()
    for key, value in (
        ("spark.sql.shuffle.partitions", str(max(2, threads))),
        ("spark.sql.sources.parallelPartitionDiscovery.threshold", PARTITION_LISTING_THRESHOLD),
    ):
        if not given.contains(key):
            session.conf.set(key, value)


def is_spark_session(obj: object) -> bool:
    """True for a `pyspark.sql.SparkSession` (checked by name so pyspark stays optional)."""
    return any(
        cls.__name__ == "SparkSession" and cls.__module__.startswith("pyspark")
        for cls in type(obj).__mro__
    )


def session_for(url: StoreUrl) -> Any:
    """The active SparkSession, or a new one for the URL's master and warehouse."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:  # pragma: no cover - depends on the environment
        raise StoreError(
            _(
                "the store URL asks for PySpark but pyspark is not installed: pip install "
                "'journeymap[spark]'"
            )
        ) from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.master(url.master or "local[*]").appName("journeymap")
    builder = builder.config("spark.sql.session.timeZone", "UTC")
    # the CLI prints its own progress; Spark's stage bars would garble it on stderr
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    if url.warehouse:
        builder = builder.config("spark.sql.warehouse.dir", url.warehouse)
    session = builder.getOrCreate()
    tune_local(session)
    return session


def _database_folder(warehouse: str, database: str) -> str:
    """`<warehouse>/<database>.db`, for a local folder or a URI (hdfs://, s3a://, dbfs:/)."""
    if ":/" in warehouse:
        return f"{warehouse.rstrip('/')}/{database}.db"
    return (Path(warehouse) / f"{database}.db").as_posix()


def connect_spark(session: Any, url: StoreUrl | None = None) -> tuple[Any, str]:
    """An Ibis PySpark backend whose current database holds the store's tables, and the name of
    the database that was current before (to restore on close).

    A store URL selects its database (default `journeymap`, under the URL's warehouse folder if
    it names one); a SparkSession passed directly keeps its current database.
    """
    previous = str(session.catalog.currentDatabase())
    if url is not None:
        database = url.database or DEFAULT_DATABASE
        if not _NAME.match(database):
            raise StoreError(
                _(
                    "invalid Spark database name {database!r}: use letters, digits, _",
                    database=database,
                )
            )
        location = ""
        if url.warehouse:
            location = f" LOCATION '{_database_folder(url.warehouse, database)}'"
        session.sql(f"CREATE DATABASE IF NOT EXISTS {database}{location}")
        session.catalog.setCurrentDatabase(database)
    return ibis.pyspark.connect(session), previous
