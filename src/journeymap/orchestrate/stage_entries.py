"""Who entered a stage of the map in a period: the "before" side of a stage-entered chain.

A chain with `entry: {stage: S}` takes a person in at an event bound to one of the stage's
touchpoints (`entries.starts`, a light reading of the bindings). The persons who entered the
stage in the same way before the chain went live are read here with the very same test, so the
before and after sides differ in time only: each person once, from her first such event in the
period (ties: the order the events were stored in).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from journeymap.model.journey import JourneyMap
from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.entries import stage_bindings, starts

if TYPE_CHECKING:
    from journeymap.store import Store

BEFORE_TABLE = "journeymap_stage_before"
"""The name the first entries are registered under on the store's connection while counted."""

_EVENTS = """
    SELECT person_id, type, event, channel, timestamp, properties
    FROM events
    WHERE person_id IS NOT NULL AND timestamp >= ? AND timestamp < ? {names}
    ORDER BY timestamp, seq
"""


def first_stage_entries(
    store: Store,
    chain: Chain,
    maps: Mapping[str, JourneyMap],
    start: datetime,
    end: datetime,
) -> list[tuple[str, datetime, str]] | None:
    """(person, first entry, the entry event's properties as JSON) for every person who entered
    the chain's stage in `[start, end)`; None when the chain's map is not among `maps`."""
    import json

    if chain.entry.stage is None or chain.map is None or chain.map not in maps:
        return None
    bindings = stage_bindings(maps[chain.map], chain.entry.stage)
    names = sorted({b.event for b in bindings if b.event is not None})
    # every binding names its event: only those events can match (else all of the period)
    filtered = bool(bindings) and all(b.event is not None for b in bindings)
    where = f"AND event IN ({', '.join('?' for _ in names)})" if filtered else ""
    cursor = store.duckdb.execute(
        _EVENTS.format(names=where), [start, end, *names] if filtered else [start, end]
    )
    columns = [column[0] for column in cursor.description or []]
    first: dict[str, tuple[str, datetime, str]] = {}
    for values in cursor.fetchall():
        row: dict[str, Any] = dict(zip(columns, values, strict=True))
        person = str(row["person_id"])
        if person in first:
            continue
        text = row["properties"] if isinstance(row["properties"], str) else "{}"
        try:
            row["properties"] = json.loads(text)
        except ValueError:
            row["properties"] = {}
        if starts(chain, row, {}, maps):
            first[person] = (person, row["timestamp"], json.dumps(row["properties"]))
    return list(first.values())


def register_before(store: Store, entries: list[tuple[str, datetime, str]]) -> None:
    """Expose `entries` to SQL as `BEFORE_TABLE(person_id, entered_at, context)`."""
    import pyarrow as pa

    people, stamps, contexts = (
        (list(column) for column in zip(*entries, strict=True)) if entries else ([], [], [])
    )
    table = pa.table(
        {
            "person_id": pa.array(people, pa.string()),
            "entered_at": pa.array(stamps, pa.timestamp("us")),
            "context": pa.array(contexts, pa.string()),
        }
    )
    store.duckdb.register(BEFORE_TABLE, table)


def unregister_before(store: Store) -> None:
    store.duckdb.unregister(BEFORE_TABLE)
