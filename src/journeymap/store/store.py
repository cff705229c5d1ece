"""The `Store`: events, persons, identities, quarantine and imports behind one Ibis backend.

DuckDB is the embedded default; PySpark is chosen by URL (`pyspark://...`) or by passing a
SparkSession. Opening a store creates missing tables and applies pending migrations.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import ibis

from journeymap.i18n import gettext
from journeymap.model.workspace import Workspace, find_workspace
from journeymap.store import spark_journal
from journeymap.store.errors import StoreError
from journeymap.store.migrations import current_version, migrate
from journeymap.store.spark import connect_spark, is_spark_session, session_for
from journeymap.store.spark_tables import PARTITIONED
from journeymap.store.tables import TABLES
from journeymap.store.url import parse_store_url

StoreTarget = str | Path | Workspace | Any  # also an Ibis backend, duckdb connection, SparkSession


class Store:
    """An open store. Use `Store.open(...)`; close it (or use it as a context manager)."""

    def __init__(
        self, backend: Any, *, engine: str, url: str, owns: bool, spark_database: str | None = None
    ) -> None:
        self._backend = backend
        self._spark_database = spark_database
        self.engine = engine
        """`duckdb` or `pyspark`."""
        self.url = url
        self._owns = owns

    @classmethod
    def open(cls, target: StoreTarget = None, *, upgrade: bool = True) -> Store:
        """Open (and create or upgrade) a store.

        `target` is a store URL (`duckdb://PATH`, `duckdb://:memory:`, `pyspark://...`), a
        Workspace, an Ibis backend, a duckdb connection or a SparkSession; None means the
        workspace of the current folder.
        """
        store = cls._connect(target)
        if store.engine == "pyspark":
            # a write committed by a process that died before it finished is finished now
            spark_journal.recover(store.backend._session)
        if upgrade:
            try:
                migrate(store.backend, where=f"the store {store.url}")
            except Exception:
                store.close()
                raise
        return store

    @classmethod
    def _connect(cls, target: StoreTarget) -> Store:
        if target is None:
            workspace = find_workspace()
            if workspace is None:
                raise StoreError(
                    gettext(
                        "no store given and no journeymap.toml in this folder or above: pass "
                        "--store duckdb://PATH or run `journeymap init`"
                    )
                )
            target = workspace
        if isinstance(target, Workspace):
            target = target.store_url
        if isinstance(target, Path):
            target = f"duckdb://{target}"
        if isinstance(target, str):
            return cls._from_url(target)
        if isinstance(target, duckdb.DuckDBPyConnection):
            return cls(
                ibis.duckdb.from_connection(target),
                engine="duckdb",
                url="duckdb://<connection>",
                owns=False,
            )
        if is_spark_session(target):
            backend, _ = connect_spark(target)
            return cls(backend, engine="pyspark", url="pyspark://<session>", owns=False)
        name = getattr(target, "name", None)
        if name in ("duckdb", "pyspark"):
            return cls(target, engine=name, url=f"{name}://<backend>", owns=False)
        raise StoreError(
            gettext("cannot open a store from {kind}: pass a store URL", kind=type(target).__name__)
        )

    @classmethod
    def _from_url(cls, url: str) -> Store:
        parsed = parse_store_url(url)
        if parsed.engine == "pyspark":
            backend, previous = connect_spark(session_for(parsed), parsed)
            return cls(backend, engine="pyspark", url=url, owns=False, spark_database=previous)
        path = parsed.path or ":memory:"
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = duckdb.connect(path, config=dict(parsed.settings))
        except duckdb.Error as exc:
            raise StoreError(
                gettext("cannot open the DuckDB store {path}: {exc}", path=path, exc=exc)
            ) from None
        return cls(ibis.duckdb.from_connection(connection), engine="duckdb", url=url, owns=True)

    @property
    def backend(self) -> Any:
        """The Ibis backend (for analytics over `store.table(...)`)."""
        return self._backend

    @property
    def duckdb(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection of a DuckDB store (ingestion runs SQL on it directly)."""
        if self.engine != "duckdb":
            raise StoreError(gettext("the store {url} is not a DuckDB store", url=self.url))
        connection: duckdb.DuckDBPyConnection = self._backend.con
        return connection

    @property
    def schema_version(self) -> int:
        return current_version(self._backend)

    def events(self) -> ibis.Table:
        """The `events` table (in file order: analyses order by person_id, timestamp)."""
        return self.table("events")

    def table(self, name: str) -> ibis.Table:
        """The store table `name`, with the columns of its schema in `TABLES`."""
        if name not in TABLES:
            raise StoreError(
                gettext(
                    "unknown table {name!r}; tables: {tables}", name=name, tables=", ".join(TABLES)
                )
            )
        table: ibis.Table = self._backend.table(name)
        if self.engine == "pyspark" and name in PARTITIONED:
            # the partition column is storage, not part of the schema
            table = table.select(*TABLES[name].names)
        return table

    def close(self) -> None:
        if self._spark_database is not None:
            # the session is shared: give it back its current database
            self._backend._session.catalog.setCurrentDatabase(self._spark_database)
            self._spark_database = None
        if self._owns:
            self._backend.disconnect()
            self._owns = False

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r}, engine={self.engine!r})"
