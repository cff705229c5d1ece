"""Writing events: Segment-spec JSON lines and Parquet with the `events` columns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journeymap.events.schema import EVENT_COLUMNS, EVENTS_SCHEMA
from journeymap.simulate import format_for, segment_lines, write_events
from tests.simulate.helpers import run, shop

ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
CALLS = {"track", "page", "screen", "identify", "alias", "group"}


def test_jsonl_lines_are_segment_spec(tmp_path: Path) -> None:
    table = run(shop(), 300)
    path = write_events(table, tmp_path / "events.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == table.num_rows
    for line in lines:
        message = json.loads(line)
        assert message["type"] in CALLS
        assert message["messageId"]
        assert message.get("anonymousId") or message.get("userId")
        assert ISO_UTC.match(message["timestamp"]), message["timestamp"]
        assert isinstance(message["properties"], dict)
        assert isinstance(message["traits"], dict)
        assert message["context"]["simulated"] is True
        assert message["context"]["library"]["name"] == "journeymap-simulator"
        if message["type"] == "track":
            assert message["event"]
        if message["type"] == "page":
            assert message["name"]
            assert "event" not in message
            assert message["context"]["page"]["url"] == message["properties"]["url"]
        if message["type"] == "identify":
            assert message["userId"]
            assert message["traits"]["email"].endswith("@example.com")


def test_jsonl_keeps_values_and_order_of_the_table(tmp_path: Path) -> None:
    table = run(shop(), 50)
    path = write_events(table, tmp_path / "events.jsonl")
    messages = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [m["messageId"] for m in messages] == table.column("message_id").to_pylist()
    assert [m.get("userId") for m in messages] == table.column("user_id").to_pylist()
    first = table.slice(0, 1).to_pylist()[0]
    assert messages[0]["properties"] == json.loads(first["properties"])
    assert messages[0]["timestamp"].startswith(first["timestamp"].isoformat()[:19])


def test_jsonl_escapes_awkward_text() -> None:
    row: dict[str, object] = dict.fromkeys(EVENT_COLUMNS)
    row |= {
        "message_id": "m-1",
        "type": "track",
        "event": 'Quote " back\\slash\nnew line \x01',
        "anonymous_id": "a-1",
        "timestamp": pa.scalar(0, pa.timestamp("us")).as_py(),
        "properties": '{"a":1}',
        "context": "",
    }
    table = pa.Table.from_pylist([row], schema=EVENTS_SCHEMA.to_pyarrow())
    (line,) = segment_lines(table).to_pylist()
    message = json.loads(line)
    assert message["event"] == row["event"]
    assert "context" not in message
    assert "userId" not in message
    assert message["timestamp"] == "1970-01-01T00:00:00.000Z"


def test_parquet_has_the_events_columns(tmp_path: Path) -> None:
    table = run(shop(), 200)
    path = write_events(table, tmp_path / "events.parquet")
    back = pq.read_table(path)
    assert back.column_names == list(EVENT_COLUMNS)
    assert back.schema == EVENTS_SCHEMA.to_pyarrow()
    assert back.equals(table)


def test_format_from_extension_or_option(tmp_path: Path) -> None:
    assert format_for(tmp_path / "a.parquet") == "parquet"
    assert format_for(tmp_path / "a.jsonl") == "jsonl"
    assert format_for(tmp_path / "a.json", "parquet") == "parquet"
    with pytest.raises(ValueError, match="unknown format 'csv'"):
        format_for(tmp_path / "a.csv", "csv")
