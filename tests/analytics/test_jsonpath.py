"""`json_text` gives the same values on every engine, through DuckDB's `json_extract_string` for
plain keys and through the JSON operator for keys that need quoting."""

from __future__ import annotations

from typing import Any

import ibis

from journeymap.analytics.jsonpath import json_text, on_duckdb
from tests.analytics.conftest import MakeEvents, ToRecords

PROPERTIES: dict[str, Any] = {
    "plain": 'x"y\\z',
    "a-b": "dash",
    "n": 3.5,
    "t": True,
    "null": None,
    "word": "null",
    "quoted": '"q"',
    "nested": {"deep": {"er": "down"}},
    "ru": "Семена",
}
EXPECTED = {
    "plain": 'x"y\\z',
    "a-b": "dash",
    "n": "3.5",
    "t": "true",
    "null": None,
    "word": None,  # the string "null" reads as missing (docs/analytics.md)
    "quoted": "q",  # a string in quotes reads without them
    "nested.deep.er": "down",
    "ru": "Семена",
    "absent": None,
}


def test_values_read_alike_on_every_engine(make_events: MakeEvents, to_records: ToRecords) -> None:
    events = make_events([{"person_id": "p", "timestamp": "2024-01-01", "properties": PROPERTIES}])
    columns = {f"c{i}": json_text(events.properties, path) for i, path in enumerate(EXPECTED)}
    [row] = to_records(events.select(**columns))
    assert {path: row[f"c{i}"] for i, path in enumerate(EXPECTED)} == EXPECTED


def test_only_tables_of_duckdb_connections_count_as_duckdb() -> None:
    connection = ibis.duckdb.connect()
    stored = connection.create_table("t", schema=ibis.schema({"properties": "string"}))
    assert on_duckdb(stored.properties)
    assert not on_duckdb(ibis.memtable({"properties": ["{}"]}).properties)
    assert not on_duckdb(ibis.table({"properties": "string"}, name="unbound").properties)
