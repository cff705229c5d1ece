"""Segment / RudderStack JSON: fields, batches, documents, channels, dedupe."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

from journeymap.events.ingest import ingest_file
from journeymap.store import Store
from tests.events.conftest import count, rows, snapshot, write_jsonl

SEGMENT_TRACK = {
    "type": "track",
    "event": "Product Viewed",
    "anonymousId": "anon-1",
    "messageId": "m-1",
    "timestamp": "2024-05-01T10:00:00.000Z",
    "channel": "browser",
    "properties": {"sku": "tomato-1", "price": 2.5},
    "context": {"page": {"path": "/seeds"}, "locale": "ru-RU"},
}
RUDDER_IDENTIFY = {
    "type": "identify",
    "anonymousId": "anon-1",
    "userId": "user-7",
    "messageId": "m-2",
    "originalTimestamp": "2024-05-01T13:05:00+03:00",
    "sentAt": "2024-05-01T13:05:01+03:00",
    "receivedAt": "2024-05-01T10:05:02Z",
    "channel": "web",
    "context": {"traits": {"email": "m@example.com", "plan": "free"}},
}


def test_segment_and_rudderstack_fields(store: Store, tmp_path: Path) -> None:
    result = ingest_file(store, write_jsonl(tmp_path / "e.jsonl", [SEGMENT_TRACK, RUDDER_IDENTIFY]))
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (2, 2, 0)
    track, identify = rows(
        store,
        "SELECT message_id, type, event, anonymous_id, user_id, person_id, timestamp, channel,"
        " properties, context, traits, source FROM events ORDER BY timestamp",
    )
    assert track[:8] == (
        "m-1",
        "track",
        "Product Viewed",
        "anon-1",
        None,
        "user-7",
        datetime(2024, 5, 1, 10),
        "web",
    )
    assert json.loads(track[8]) == {"sku": "tomato-1", "price": 2.5}
    assert json.loads(track[9])["locale"] == "ru-RU"
    assert track[11] == "e.jsonl"
    assert identify[1] == "identify"
    assert identify[6] == datetime(2024, 5, 1, 10, 5)  # originalTimestamp, converted to UTC
    assert json.loads(identify[10]) == {"email": "m@example.com", "plan": "free"}


def test_batch_payloads_and_documents(store: Store, tmp_path: Path) -> None:
    batch = {"batch": [SEGMENT_TRACK, RUDDER_IDENTIFY], "sentAt": "2024-05-01T10:06:00Z"}
    pretty = tmp_path / "batch.json"
    pretty.write_text(json.dumps(batch, indent=2), encoding="utf-8")
    result = ingest_file(store, pretty)
    assert (result.format, result.rows_stored) == ("json", 2)
    array = tmp_path / "array.json.gz"
    third = dict(SEGMENT_TRACK, messageId="m-3", event="Product Added")
    array.write_bytes(gzip.compress(json.dumps([third]).encode()))
    assert ingest_file(store, array).rows_stored == 1
    lines = write_jsonl(tmp_path / "lines.jsonl", [batch, dict(third, messageId="m-4")])
    again = ingest_file(store, lines)
    assert (again.rows_read, again.rows_stored, again.rows_duplicate) == (3, 1, 2)
    assert count(store, "events") == 4


def test_page_names_and_snake_case_keys(store: Store, tmp_path: Path) -> None:
    page = {
        "type": "page",
        "name": "Catalog",
        "anonymous_id": "a-9",
        "message_id": "p-1",
        "timestamp": 1714557600,
    }
    ingest_file(store, write_jsonl(tmp_path / "p.jsonl", [page]))
    assert rows(store, "SELECT type, event, anonymous_id, timestamp FROM events") == [
        ("page", "Catalog", "a-9", datetime(2024, 5, 1, 10))
    ]


def test_reimport_changes_nothing(store: Store, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "e.jsonl", [SEGMENT_TRACK, RUDDER_IDENTIFY, "{broken"])
    ingest_file(store, file)
    before = snapshot(store)
    copy = tmp_path / "renamed.jsonl"
    copy.write_bytes(file.read_bytes())
    result = ingest_file(store, copy)
    assert (result.rows_stored, result.rows_duplicate, result.rows_quarantined) == (0, 2, 1)
    assert snapshot(store) == before
    assert count(store, "imports") == 2
