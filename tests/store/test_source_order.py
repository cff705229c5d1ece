"""`events.seq`: numbered at ingestion in file order, across imports; added to older stores."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import ibis
import pytest

from journeymap.events.ingest import ingest
from journeymap.events.schema import EVENTS_SCHEMA, SOURCE_ORDER
from journeymap.store import LATEST_VERSION, Store, to_arrow
from journeymap.store.migrations import migrate
from journeymap.store.tables import TABLES
from tests.events.conftest import write_jsonl

OLD_EVENTS = ibis.schema({k: v for k, v in EVENTS_SCHEMA.items() if k != SOURCE_ORDER})


def _event(message_id: str, second: int, name: str = "Product Viewed") -> dict[str, Any]:
    return {
        "messageId": message_id,
        "type": "track",
        "event": name,
        "userId": "u1",
        "timestamp": f"2024-05-01T10:00:{second:02d}.250Z",
    }


def _order(store: Store) -> list[tuple[str, int]]:
    rows = to_arrow(store.events().select("message_id", SOURCE_ORDER)).to_pylist()
    return sorted(((r["message_id"], r[SOURCE_ORDER]) for r in rows), key=lambda r: r[1])


def test_seq_follows_the_file_and_grows_across_imports(tmp_path: Path) -> None:
    # the file lists events out of time order and with ids that sort otherwise
    first = write_jsonl(tmp_path / "a.jsonl", [_event("z", 5), _event("b", 1), _event("m", 1)])
    second = write_jsonl(tmp_path / "b.jsonl", [_event("a", 0), _event("y", 9)])
    with Store.open("duckdb://:memory:") as store:
        assert all(r.ok for r in ingest(store, [first]))
        assert all(r.ok for r in ingest(store, [second]))
        order = _order(store)
    assert [m for m, _ in order] == ["z", "b", "m", "a", "y"]
    assert len({seq for _, seq in order}) == 5


def test_batch_lines_keep_their_place_in_the_file(tmp_path: Path) -> None:
    # a batch payload (and an array) expand to several events; the lines around them do not
    batch = {"batch": [_event("b1", 1), _event("b2", 1)]}
    rows = [_event("first", 1), batch, _event("middle", 1), [_event("a1", 1)], _event("last", 1)]
    with Store.open("duckdb://:memory:") as store:
        (result,) = ingest(store, [write_jsonl(tmp_path / "batch.jsonl", rows)])
        assert result.ok
        assert [m for m, _ in _order(store)] == ["first", "b1", "b2", "middle", "a1", "last"]


def test_duplicates_and_quarantine_leave_the_order_intact(tmp_path: Path) -> None:
    rows = [_event("x", 1), {"type": "track"}, _event("x", 1), _event("w", 1)]
    with Store.open("duckdb://:memory:") as store:
        (result,) = ingest(store, [write_jsonl(tmp_path / "c.jsonl", rows)])
        assert (result.rows_stored, result.rows_quarantined, result.rows_duplicate) == (2, 1, 1)
        assert [m for m, _ in _order(store)] == ["x", "w"]


def _old_store(backend: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store at schema version 3, whose events table had no `seq` yet."""
    with monkeypatch.context() as patch:
        patch.setitem(TABLES, "events", OLD_EVENTS)
        migrate(backend, target=3)


def test_an_older_duckdb_store_gets_seq_in_table_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.duckdb"
    backend = ibis.duckdb.connect(str(path))
    _old_store(backend, monkeypatch)
    assert SOURCE_ORDER not in backend.table("events").columns
    backend.raw_sql(
        "INSERT INTO events (message_id, type, event, user_id, person_id, timestamp) VALUES "
        "('k', 'track', 'A', 'u', 'u', TIMESTAMP '2024-01-01 10:00:00'), "
        "('c', 'track', 'B', 'u', 'u', TIMESTAMP '2024-01-01 10:00:00')"
    )
    backend.disconnect()
    with Store.open(path) as store:
        assert store.schema_version == LATEST_VERSION == 6
        assert list(store.events().columns) == list(EVENTS_SCHEMA.names)
        assert _order(store) == [("k", 1), ("c", 2)]
        # a later import continues after the numbers given to the old events
        (result,) = ingest(store, [write_jsonl(tmp_path / "d.jsonl", [_event("new", 1)])])
        assert result.ok
        assert _order(store)[-1] == ("new", 3)


@pytest.mark.spark
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
)
def test_an_older_spark_store_gets_seq(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"pyspark://{tmp_path / 'warehouse'}?database=jm_{uuid.uuid4().hex[:8]}"
    with Store.open(url, upgrade=False) as store:
        _old_store(store.backend, monkeypatch)
        frame = spark.createDataFrame(
            [("k", "track", "u"), ("c", "track", "u")], "message_id string, type string, u string"
        )
        frame.selectExpr("message_id", "type", "u AS user_id").createOrReplaceTempView("jm_rows")
        spark.sql("INSERT INTO events (message_id, type, user_id) SELECT * FROM jm_rows")
    with Store.open(url) as store:
        assert store.schema_version == LATEST_VERSION
        assert list(store.events().columns) == list(EVENTS_SCHEMA.names)
        order = _order(store)
        assert sorted(m for m, _ in order) == ["c", "k"]
        assert len({seq for _, seq in order}) == 2
    with Store.open(url) as store:  # a second opening finds nothing to do
        assert store.schema_version == LATEST_VERSION
