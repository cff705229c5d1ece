"""The store: where events, persons, identities, quarantine and imports live (Ibis backends)."""

from journeymap.store import duckdb_compat
from journeymap.store.arrow import to_arrow, to_scalar
from journeymap.store.cluster import Clustered, cluster_events
from journeymap.store.errors import StoreError
from journeymap.store.migrations import LATEST_VERSION, MIGRATIONS, Migration
from journeymap.store.stats import store_stats
from journeymap.store.store import Store, StoreTarget
from journeymap.store.tables import TABLES

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "TABLES",
    "Clustered",
    "Migration",
    "Store",
    "StoreError",
    "StoreTarget",
    "cluster_events",
    "store_stats",
    "to_arrow",
    "to_scalar",
]

duckdb_compat.install()
