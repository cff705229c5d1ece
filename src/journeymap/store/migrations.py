"""Numbered schema migrations: opening an older store applies the missing ones in order.

Each migration is a function of the Ibis backend that uses portable operations where it can
(create table from an Ibis schema, `TABLES`), so the same list upgrades DuckDB and Spark stores;
adding a column to an existing table needs engine-specific statements (`source_order.py`). On
Spark the tables are external Parquet tables that every process registers again
(`spark_tables`), so a store written by one command is recognised by the next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from journeymap.i18n import gettext as _
from journeymap.store import spark_tables
from journeymap.store.arrow import to_scalar
from journeymap.store.errors import StoreError
from journeymap.store.source_order import add_source_order
from journeymap.store.tables import TABLES

Backend = Any  # an Ibis backend (duckdb or pyspark); ibis ships no type information


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Backend], None]


def _is_spark(backend: Backend) -> bool:
    return getattr(backend, "name", "") == "pyspark"


def _create(backend: Backend, *names: str) -> None:
    existing = set(backend.list_tables())
    for name in names:
        if name in existing:
            continue
        if _is_spark(backend):
            spark_tables.create_table(backend._session, name)
        else:
            backend.create_table(name, schema=TABLES[name])


def _core_tables(backend: Backend) -> None:
    _create(backend, "events", "persons", "identities", "quarantine", "imports")


def _identity_history(backend: Backend) -> None:
    _create(backend, "identity_merges", "trait_history")


def _profiles(backend: Backend) -> None:
    _create(backend, "profiles", "profile_runs")


def _costs(backend: Backend) -> None:
    _create(backend, "costs")


def _automations(backend: Backend) -> None:
    _create(
        backend,
        "automation_states",
        "automation_sends",
        "automation_suppressions",
        "automation_cursor",
    )


MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(1, "events, persons, identities, quarantine, imports", _core_tables),
    Migration(2, "identity_merges and trait_history", _identity_history),
    Migration(3, "profiles and profile_runs", _profiles),
    Migration(
        4, "events.seq: the order of ingestion, the tie-breaker after time", add_source_order
    ),
    Migration(5, "costs", _costs),
    # branch automations: the lead renumbers on merge
    Migration(6, "automation states, timers, sends, suppressions, cursor", _automations),
)
LATEST_VERSION: Final = MIGRATIONS[-1].version


def current_version(backend: Backend) -> int:
    """The schema version of the store (0 for an empty store)."""
    if _is_spark(backend):
        # tables written by another process are folders this session has not registered yet
        spark_tables.register_existing(backend._session)
    if "schema_version" not in backend.list_tables():
        return 0
    value = to_scalar(backend.table("schema_version").version.max())
    return int(value) if value is not None else 0


def migrate(backend: Backend, *, target: int = LATEST_VERSION, where: str = "the store") -> int:
    """Bring the store to `target`, returning the version it had before."""
    before = current_version(backend)
    if before > LATEST_VERSION:
        raise StoreError(
            _(
                "{where} has schema version {before} but this journeymap knows versions up to "
                "{latest_version}: upgrade journeymap (pip install -U journeymap) to open it, or "
                "point --store at another store",
                where=where,
                before=before,
                latest_version=LATEST_VERSION,
            )
        )
    _create(backend, "schema_version")
    for migration in MIGRATIONS:
        if before < migration.version <= target:
            migration.apply(backend)
            applied = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
            description = migration.description.replace("'", "''")
            backend.raw_sql(
                f"INSERT INTO schema_version VALUES ({migration.version}, "  # noqa: S608 - SQL text from our constants, identifiers quoted
                f"'{description}', TIMESTAMP '{applied}')"
            )
    return before
