"""Privacy: a deleted person is gone from every table; an export holds all their rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap.events.ingest import ingest_file
from journeymap.service.privacy import PersonNotFoundError, delete_person, export_person
from journeymap.store import Store

# "q1" and "alice" cannot occur in the random hex ids (import_id) the tables also hold
EVENTS = [
    {"type": "page", "anonymousId": "q1", "messageId": "1", "timestamp": "2026-01-01T00:00:00Z"},
    {"type": "identify", "anonymousId": "q1", "userId": "alice", "messageId": "2",
     "traits": {"email": "alice@example.com"}, "timestamp": "2026-01-01T00:01:00Z"},
    {"type": "track", "userId": "alice", "event": "Order Completed", "messageId": "3",
     "timestamp": "2026-01-01T00:02:00Z"},
    {"type": "track", "userId": "bob", "event": "Order Completed", "messageId": "4",
     "timestamp": "2026-01-01T00:03:00Z"},
    {"type": "track", "userId": "alice", "messageId": "5", "timestamp": "2026-01-01T00:04:00Z"},
]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Store:
    file = tmp_path / "events.jsonl"
    file.write_text("\n".join(json.dumps(e) for e in EVENTS) + "\n", encoding="utf-8")
    opened = Store.open(f"duckdb://{tmp_path / 's.duckdb'}")
    assert ingest_file(opened, file).ok
    person = opened.duckdb.execute("SELECT person_id FROM identities WHERE id = 'alice'").fetchone()
    assert person is not None
    opened.duckdb.execute(
        "INSERT INTO profiles (person_id, stage, events) VALUES ($p, 'purchase', 3)",
        {"p": person[0]},
    )
    return opened


def _mentions(store: Store, *needles: str) -> dict[str, int]:
    found = {}
    for (table,) in store.duckdb.execute("SELECT table_name FROM duckdb_tables()").fetchall():
        text = store.duckdb.execute(f"SELECT CAST(list(t) AS VARCHAR) FROM {table} t").fetchone()
        found[table] = sum(str(text[0]).count(n) for n in needles) if text else 0
    return found


def test_export_then_delete_by_any_of_the_ids(store: Store) -> None:
    exported = export_person(store, "q1")
    tables = exported["tables"]
    assert sorted(exported["ids"]) == ["alice", "q1"]
    assert len(tables["events"]) == 3
    assert len(tables["profiles"]) == 1
    assert len(tables["quarantine"]) == 1  # the track call without an event name
    before = _mentions(store, "alice", "q1")
    assert all(before[t] for t in ("events", "persons", "identities"))

    deleted = delete_person(store, "alice")
    assert deleted["events"] == 3
    assert deleted["profiles"] == 1
    assert all(count == 0 for count in _mentions(store, "alice", "q1").values())
    assert store.duckdb.execute("SELECT count(*) FROM events").fetchone() == (1,)  # bob stays
    with pytest.raises(PersonNotFoundError):
        export_person(store, "alice")
    store.close()
