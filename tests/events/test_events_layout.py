"""Files laid out like the `events` table (the simulator's Parquet, Segment-spec exports)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import journeymap.templates
from journeymap.events.ingest import ingest_file
from journeymap.model import load_map
from journeymap.simulate import simulate, write_events
from journeymap.store import Store
from tests.events.conftest import rows

SEED_SHOP = Path(journeymap.templates.__file__).parent / "maps" / "seed-shop.en.yaml"
COMPARED = (
    "message_id, type, event, anonymous_id, user_id, person_id, timestamp, channel, "
    "properties::JSON::VARCHAR, context::JSON::VARCHAR, traits::JSON::VARCHAR"
)


@pytest.fixture(scope="module")
def simulated() -> pa.Table:
    return simulate(load_map(SEED_SHOP), 150, seed=3)


def _stored(path: Path) -> tuple[list[tuple[object, ...]], dict[str, int]]:
    with Store.open("duckdb://:memory:") as store:
        result = ingest_file(store, path)
        assert result.ok, result.error
        return rows(store, f"SELECT {COMPARED} FROM events ORDER BY message_id"), result.reasons


def test_simulated_parquet_stores_the_same_events_as_jsonl(
    simulated: pa.Table, tmp_path: Path
) -> None:
    from_parquet, parquet_reasons = _stored(write_events(simulated, tmp_path / "s.parquet"))
    from_jsonl, jsonl_reasons = _stored(write_events(simulated, tmp_path / "s.jsonl"))
    assert parquet_reasons == jsonl_reasons == {}
    assert len(from_parquet) == simulated.num_rows
    assert from_parquet == from_jsonl
    types = {row[1] for row in from_parquet}
    assert {"identify", "page", "track"} <= types  # identify calls carry no event name


def test_simulated_marker_survives_parquet_import(
    store: Store, simulated: pa.Table, tmp_path: Path
) -> None:
    ingest_file(store, write_events(simulated, tmp_path / "s.parquet"))
    flags = rows(store, "SELECT DISTINCT json_extract(context, '$.simulated') FROM events")
    assert [json.loads(flag) for (flag,) in flags] == [True]
    traits = rows(store, "SELECT traits FROM persons WHERE traits <> '{}' LIMIT 1")
    assert traits  # identify traits reach the persons


def test_events_layout_quarantines_a_properties_value_that_is_not_an_object(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "calls.parquet"
    pq.write_table(
        pa.table(
            {
                "type": ["track", "IDENTIFY", "track"],
                "event": ["Signed Up", None, "Clicked"],
                "user_id": ["u1", "u1", "u2"],
                "timestamp": ["2024-01-01T10:00:00Z"] * 3,
                "properties": ['{"plan": "pro"}', "{}", "[1, 2]"],
                "context": [None, '{"simulated": true}', None],
                "traits": [None, '{"name": "Ann"}', None],
                "source": ["crm", "crm", "crm"],
            }
        ),
        path,
    )
    result = ingest_file(store, path)
    assert (result.rows_stored, result.reasons) == (2, {"properties must be an object": 1})
    stored = rows(store, "SELECT type, properties, context, traits FROM events ORDER BY type")
    assert stored == [
        ("identify", "{}", '{"simulated": true}', '{"name": "Ann"}'),
        ("track", '{"plan": "pro"}', None, None),
    ]


def test_a_type_column_alone_stays_a_property(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("customer_id,event,timestamp,type\nc1,Order Completed,2024-01-01,gift\n")
    result = ingest_file(store, path)
    assert (result.rows_stored, result.reasons) == (1, {})
    assert rows(store, "SELECT type, properties FROM events") == [("track", '{"type":"gift"}')]
