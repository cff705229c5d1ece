"""The runner on a store it cannot write to with SQL (a Spark store): events and profiles read
through Ibis, a batch at a time, while the runner's state (timers, sends, suppressions, the
cursor) lives in a DuckDB side file (`side_state_url`).

Events are read after the runner's cursor by `events.seq` (the order of ingestion, increasing
across imports on Spark too), the same contract as on DuckDB. Profiles are read for the persons
of each batch in one query (`prefetch`) rather than one query per event: a Spark query costs
tenths of a second where DuckDB answers in microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from journeymap.orchestrate.profiles import Profile, decode
from journeymap.store import Store

EVENT_COLUMNS = (
    "person_id",
    "user_id",
    "anonymous_id",
    "type",
    "event",
    "channel",
    "timestamp",
    "properties",
    "seq",
)
SIDE_STATE = "automations-state.duckdb"
"""The side file's name, in the workspace's `.journeymap/` folder."""


def side_state_url(workspace: Path) -> str:
    """The DuckDB store that keeps a Spark workspace's runner state."""
    folder = workspace / ".journeymap"
    folder.mkdir(parents=True, exist_ok=True)
    return f"duckdb://{folder / SIDE_STATE}"


def events_after(store: Store, last: int, batch: int) -> list[dict[str, Any]]:
    """Up to `batch` events with `seq` > `last`, in `seq` order, as dicts."""
    events = store.events()
    chosen = events.filter(events.seq > last).order_by(events.seq).limit(batch)
    return list(chosen.select(*EVENT_COLUMNS).to_pyarrow().to_pylist())


def person_events(
    store: Store, person_id: str, event: str | None, since: datetime
) -> list[tuple[str, str | None]]:
    """(event, properties JSON) of the person's `event`s at or after `since` (naive UTC)."""
    events = store.events()
    chosen = events.filter(
        (events.person_id == person_id) & (events.event == event) & (events.timestamp >= since)
    )
    rows = chosen.select("event", "properties").to_pyarrow().to_pylist()
    return [(str(row["event"]), row["properties"]) for row in rows]


class IbisProfiles:
    """The store's `profiles` through Ibis, cached per batch (`prefetch`)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[str, Profile | None] = {}

    def prefetch(self, person_ids: Iterable[str]) -> None:
        """Read the profiles of `person_ids` in one query; the cache holds only them (a later
        `journeymap profiles` run is seen at the next batch)."""
        wanted = sorted(set(person_ids))
        self._cache = dict.fromkeys(wanted)
        if not wanted:
            return
        table = self.store.table("profiles")
        for row in table.filter(table.person_id.isin(wanted)).to_pyarrow().to_pylist():
            self._cache[str(row["person_id"])] = decode(row)

    def get(self, person_id: str) -> Profile | None:
        if person_id not in self._cache:
            self.prefetch([*self._cache, person_id])
        return self._cache[person_id]

    def all(self) -> Iterator[Profile]:
        table = self.store.table("profiles").order_by("person_id")
        for batch in table.to_pyarrow_batches():
            for row in batch.to_pylist():
                yield decode(row)
