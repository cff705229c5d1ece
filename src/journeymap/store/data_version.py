"""A cheap fingerprint of what a store holds, for caches of results computed from it.

Every write the report reads changes it: an ingest or a collection load adds events with a
larger `seq` (`events.seq` grows across imports), a privacy deletion lowers the count, an ad
costs import adds rows, the automation runner adds sends and moves its states' `updated_at`.
Each part is a count or a maximum, which DuckDB answers from one column (milliseconds at 1M
events) and Spark from one aggregate per table, so asking costs far less than the analyses
it saves.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Final

from journeymap.store.arrow import to_arrow

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from journeymap.store.store import Store

WATCHED: Final[dict[str, tuple[str, ...]]] = {
    "events": ("seq", "received_at", "timestamp"),
    "imports": ("finished_at",),
    "costs": ("day",),
    "automation_states": ("updated_at",),
    "automation_sends": ("created_at", "sent_at"),
}
"""Table -> the columns whose maximum moves when rows are added or changed (with the count)."""


def data_version(store: Store) -> str:
    """A short digest of the store's contents: equal while nothing was written, different after
    any ingest, load, deletion, costs import or automation run."""
    parts = [store.url]
    present = set(store.backend.list_tables())
    for name, columns in WATCHED.items():
        if name not in present:
            parts.append(f"{name}:absent")
            continue
        table = store.table(name)
        values = _aggregates(table, columns)
        parts.append(f"{name}:{values}")
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:24]


def _aggregates(table: ir.Table, columns: tuple[str, ...]) -> str:
    """The row count and the maximum of each of `columns` (those the table has), as text."""
    names = set(table.columns)
    metrics = {"n": table.count()} | {
        column: table[column].max() for column in columns if column in names
    }
    row = to_arrow(table.aggregate(**metrics)).to_pylist()[0]
    return ",".join(f"{key}={row[key]}" for key in sorted(row))
