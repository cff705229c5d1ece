"""The same imports into a PySpark-backed store give the same counts as into DuckDB."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from journeymap.events.ingest import ingest
from journeymap.store import LATEST_VERSION, Store, store_stats
from tests.conftest import dataset
from tests.events.conftest import write_jsonl

pytestmark = [
    pytest.mark.spark,
    # pyspark 4.0 leaves the socket of every collect() to the garbage collector (not ours)
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
    ),
]


def _comparable(stats: dict[str, Any]) -> dict[str, Any]:
    keep = ("events", "persons", "identities", "quarantined", "event_names")
    return {key: stats[key] for key in keep} | {
        "span": (stats["first_timestamp"], stats["last_timestamp"]),
        "imports": [
            (i["rows_read"], i["rows_stored"], i["rows_quarantined"]) for i in stats["imports"]
        ],
    }


def _spark_url(tmp_path: Path) -> str:
    return f"pyspark://{tmp_path / 'warehouse'}?database=jm_{uuid.uuid4().hex[:8]}"


def _both(spark: Any, tmp_path: Path, files: list[Path]) -> tuple[dict[str, Any], dict[str, Any]]:
    current = spark.catalog.currentDatabase()
    with Store.open("duckdb://:memory:") as embedded:
        assert all(r.ok for r in ingest(embedded, files))
        expected = _comparable(store_stats(embedded))
    with Store.open(_spark_url(tmp_path)) as on_spark:
        assert on_spark.engine == "pyspark"
        assert on_spark.schema_version == LATEST_VERSION
        assert all(r.ok for r in ingest(on_spark, files))
        again = ingest(on_spark, files)
        assert sum(r.rows_stored for r in again) == 0
        actual = _comparable(store_stats(on_spark))
        assert spark.catalog.currentDatabase() != current
    assert spark.catalog.currentDatabase() == current  # the shared session is given back
    actual["imports"] = actual["imports"][: len(files)]
    return expected, actual


def test_spark_store_matches_duckdb_on_events_with_identities(spark: Any, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "e.jsonl",
        [
            {
                "type": "track",
                "event": "Viewed",
                "anonymousId": "a1",
                "timestamp": "2024-01-01T10:00:00Z",
            },
            {
                "type": "identify",
                "anonymousId": "a1",
                "userId": "u1",
                "timestamp": "2024-01-01T11:00:00Z",
                "traits": {"plan": "free"},
            },
            {
                "type": "track",
                "event": "Bought",
                "userId": "u1",
                "timestamp": "2024-01-02T10:00:00+03:00",
            },
            "{not json",
        ],
    )
    expected, actual = _both(spark, tmp_path, [path])
    assert actual == expected
    assert expected["persons"] == 1
    before = spark.catalog.currentDatabase()
    database = f"jm_session_{uuid.uuid4().hex[:8]}"
    spark.sql(f"CREATE DATABASE {database} LOCATION '{tmp_path / database}'")
    spark.catalog.setCurrentDatabase(database)
    try:
        with Store.open(spark) as from_session:  # a session keeps its current database
            assert from_session.engine == "pyspark"
            assert "events" in {t.name for t in spark.catalog.listTables(database)}
    finally:
        spark.catalog.setCurrentDatabase(before)
    assert expected["quarantined"]["total"] == 1


@pytest.mark.data
def test_spark_store_matches_duckdb_on_receipt_csv(
    spark: Any, real_data: Path, tmp_path: Path
) -> None:
    receipt = dataset(real_data, "pm4py-eventlogs", "receipt.csv")
    expected, actual = _both(spark, tmp_path, [receipt])
    assert actual == expected
    assert (expected["events"], expected["persons"]) == (8_577, 1_434)


def test_a_store_written_by_another_process_is_recognised(spark: Any, tmp_path: Path) -> None:
    """A local session's catalog lives in memory: the next process finds folders, no tables."""
    path = write_jsonl(
        tmp_path / "e.jsonl",
        [{"type": "track", "event": "A", "userId": "u1", "timestamp": "2024-01-01T00:00:00Z"}],
    )
    url = _spark_url(tmp_path)
    with Store.open(url) as first:
        assert all(r.ok for r in ingest(first, [path]))
        expected = _comparable(store_stats(first))
        database = spark.catalog.currentDatabase()
    for table in spark.catalog.listTables(database):  # what a fresh process knows: nothing
        if not table.isTemporary:  # the session's own views are not the store's
            spark.sql(f"DROP TABLE {database}.{table.name}")  # external: the files stay
    with Store.open(url) as second:
        assert second.schema_version == LATEST_VERSION
        assert _comparable(store_stats(second)) == expected
        assert sum(r.rows_stored for r in ingest(second, [path])) == 0
