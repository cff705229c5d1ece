"""The store's data version: the same while nothing is written, new after every kind of write
a report reads (events ingested or deleted, ad costs, automation sends)."""

from __future__ import annotations

import json
from pathlib import Path

from journeymap.events.ingest import ingest
from journeymap.store import Store
from journeymap.store.data_version import data_version


def test_the_data_version_moves_with_every_write(tmp_path: Path) -> None:
    row = {"messageId": "m1", "type": "track", "userId": "u1", "event": "Product Viewed",
           "timestamp": "2026-03-01T10:00:00Z"}  # fmt: skip
    events = tmp_path / "events.jsonl"
    with Store.open(f"duckdb://{tmp_path / 'store.duckdb'}") as store:
        seen = [data_version(store)]
        assert data_version(store) == seen[0]  # reading changes nothing
        for message in ("m1", "m2"):
            events.write_text(json.dumps(row | {"messageId": message}) + "\n", encoding="utf-8")
            ingest(store, [events])
            seen.append(data_version(store))
        ingest(store, [events])  # the same file again: no new event, but a new import
        seen.append(data_version(store))
        store.duckdb.execute("DELETE FROM events WHERE message_id = 'm2'")
        seen.append(data_version(store))
        store.duckdb.execute(
            "INSERT INTO automation_sends (send_key, chain_id, created_at) "
            "VALUES ('k', 'c', TIMESTAMP '2026-03-02 10:00:00')"
        )
        seen.append(data_version(store))
        assert len(set(seen)) == len(seen)
