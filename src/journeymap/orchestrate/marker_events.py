"""The events a chain's markers read, brought from a Spark store to the DuckDB side file.

`marker_counts` counts in DuckDB SQL over `automation_states` (the runner's state) and `events`.
On a Spark store the state is in the side file (`ibis_source.side_state_url`) and the events
in Spark; `events_at_hand` reads the slice of the events the count can touch through Ibis (one
Spark query) and registers it on the side file's connection under the name `events`, which
shadows the side file's own (empty) `events` table while the count runs.

The slice: from the start of the before period (the chain's first entry minus the span of its
entries, at least one window) to the last entry plus one window; only the events the count
names (orders, survey answers, trials, the goal and the entry event; for a stage entry the
events of the stage's bindings, or every event when a binding names none).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from journeymap.model.journey import JourneyMap
from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.entries import stage_bindings
from journeymap.store import Store

COLUMNS = ("person_id", "type", "event", "channel", "timestamp", "properties", "seq")
EVENTS_VIEW = "events"
"""The name the slice is registered under: the name the counting SQL reads."""


@contextmanager
def events_at_hand(  # noqa: PLR0917 - the slice and where it goes
    state: Store,
    events: Store | None,
    chain: Chain,
    window: timedelta,
    names: tuple[str, ...],
    maps: Mapping[str, JourneyMap] | None = None,
) -> Iterator[None]:
    """Inside, `state.duckdb` reads `events`'s slice for `chain` as its `events` (nothing to
    do when the events are the state store's own)."""
    if events is None or events is state:
        yield
        return
    table = chain_events(state, events, chain, window, names, maps or {})
    state.duckdb.register(EVENTS_VIEW, table)
    try:
        yield
    finally:
        state.duckdb.unregister(EVENTS_VIEW)


def chain_events(  # noqa: PLR0917 - the slice's bounds
    state: Store,
    events: Store,
    chain: Chain,
    window: timedelta,
    names: tuple[str, ...],
    maps: Mapping[str, JourneyMap],
) -> Any:
    """A pyarrow table of `COLUMNS`: `events`'s rows the markers of `chain` can read (naive UTC
    timestamps, as DuckDB keeps them)."""
    import pyarrow as pa

    # fetchall: a result left unfinished would keep the connection from registering the slice
    (row,) = state.duckdb.execute(
        "SELECT min(entered_at), max(entered_at) FROM automation_states WHERE chain_id = ?",
        [chain.id],
    ).fetchall()
    table = events.events()
    if row[0] is None:
        chosen = table.filter(table.seq < 0)  # nobody entered: an empty slice of the same shape
    else:
        first: datetime = row[0]
        last: datetime = row[1]
        start = first - max(last - first, window)
        chosen = table.filter((table.timestamp >= start) & (table.timestamp <= last + window))
        wanted = _event_names(chain, names, maps)
        if wanted is not None:
            chosen = chosen.filter(chosen.event.isin(sorted(wanted)))
    arrow = chosen.select(*COLUMNS).to_pyarrow()
    stamps = arrow.column("timestamp")
    if getattr(stamps.type, "tz", None) is not None:  # Spark's instants: naive UTC like DuckDB
        arrow = arrow.set_column(
            arrow.schema.get_field_index("timestamp"), "timestamp", stamps.cast(pa.timestamp("us"))
        )
    return arrow


def _event_names(
    chain: Chain, names: tuple[str, ...], maps: Mapping[str, JourneyMap]
) -> set[str] | None:
    """The event names the count reads; None when it may read any (a stage binding with no
    event name)."""
    wanted = set(names)
    if chain.goal is not None:
        wanted.add(chain.goal.event)
    if chain.entry.event is not None:
        wanted.add(chain.entry.event)
    if chain.entry.stage is not None and chain.map is not None and chain.map in maps:
        bindings = stage_bindings(maps[chain.map], chain.entry.stage)
        if any(binding.event is None for binding in bindings):
            return None
        wanted.update(str(binding.event) for binding in bindings)
    return wanted
