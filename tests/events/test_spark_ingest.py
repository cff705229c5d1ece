"""Ingestion on a Spark store: the contract of the DuckDB path (same rows in every table, dedupe,
quarantine with reasons, stitching), all or nothing, done by Spark without a local mirror."""

from __future__ import annotations

import itertools
import json
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journeymap.events import ingest as ingest_module
from journeymap.events import spark_ingest
from journeymap.events.ingest import ingest
from journeymap.events.schema import SOURCE_ORDER
from journeymap.store import Store, spark_journal, to_arrow
from journeymap.store.tables import TABLES
from tests.events.conftest import CONTENT_TABLES, write_jsonl

pytestmark = [
    pytest.mark.spark,
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
    ),
]
WRITE_TIMES = ("received_at", "quarantined_at", "merged_at", "import_id")
# `seq` values may leave different gaps on each engine: their order is compared (`_in_order`)
NOT_COMPARED = (*WRITE_TIMES, SOURCE_ORDER)


def contents(store: Store) -> dict[str, list[str]]:
    """Every row of every content table, without the times of the write itself."""
    result = {}
    for name in CONTENT_TABLES:
        rows = to_arrow(store.table(name)).to_pylist()
        result[name] = sorted(
            repr({k: v for k, v in row.items() if k not in NOT_COMPARED}) for row in rows
        )
    return result


def _source_order(store: Store, files: list[Path]) -> None:
    """Every event has its own `seq`, and each file's events come after the earlier files'."""
    rows = to_arrow(store.events().select("source", SOURCE_ORDER)).to_pylist()
    numbers = [r[SOURCE_ORDER] for r in rows]
    assert None not in numbers
    assert len(set(numbers)) == len(numbers)
    spans = [
        [r[SOURCE_ORDER] for r in rows if r["source"] == file.name]
        for file in files
        if any(r["source"] == file.name for r in rows)
    ]
    assert all(max(a) < min(b) for a, b in itertools.pairwise(spans))


def _in_order(store: Store) -> list[str]:
    """The message ids of the stored events in `seq` order (the tie rule after time)."""
    rows = to_arrow(store.events().select("message_id", SOURCE_ORDER)).to_pylist()
    return [r["message_id"] for r in sorted(rows, key=lambda r: r[SOURCE_ORDER])]


def _url(tmp_path: Path) -> str:
    return f"pyspark://{tmp_path / 'warehouse'}?database=jm_{uuid.uuid4().hex[:8]}"


def _files(tmp_path: Path) -> list[Path]:
    events = write_jsonl(
        tmp_path / "e.jsonl",
        [
            {
                "type": "track",
                "event": "Viewed",
                "anonymousId": "a1",
                "timestamp": "2024-01-01T10:00:00.123Z",
                "properties": {"z": 1, "a": "x"},
            },
            {
                "type": "identify",
                "anonymousId": "a1",
                "userId": "u1",
                "timestamp": "2024-01-01T11:00:00Z",
                "traits": {"plan": "free", "age": 3},
            },
            {
                "type": "track",
                "event": "Bought",
                "userId": "u1",
                "timestamp": "2024-01-02T10:00+03:00",
            },
            "{not json",
            {
                "type": "track",
                "event": "Bought",
                "userId": "u1",
                "timestamp": "2024-01-02T10:00+03:00",
            },
            {
                "messageId": "m1",
                "type": "track",
                "event": "X",
                "userId": "u2",
                "timestamp": "2024-01-03",
            },
            {
                "messageId": "m1",
                "type": "track",
                "event": "Y",
                "userId": "u2",
                "timestamp": "2024-01-03",
            },
            {
                "messageId": "m1",
                "type": "track",
                "event": "X",
                "userId": "u2",
                "timestamp": "2024-01-03",
            },
            {
                "batch": [
                    {"type": "track", "event": "B", "anonymousId": "a9", "timestamp": 1704103200},
                    {
                        "type": "page",
                        "name": "Home",
                        "anonymousId": "a9",
                        "timestamp": "2024-01-01",
                    },
                ]
            },
            {"type": "alias", "previousId": "a9", "userId": "u2", "timestamp": "2024-01-04"},
            {"type": "track", "event": {"x": 1}, "userId": "u3", "timestamp": "2024-01-04"},
            [1, 2],
            {"type": "track", "userId": "u3", "timestamp": "2024-01-04T00:00:00Z"},
            {"type": "track", "event": "Late", "userId": "u3", "timestamp": "2999-01-04"},
            {"type": "track", "event": "T", "userId": "u3", "timestamp": "31.12.2024 10:00"},
            {"type": "track", "event": "S", "userId": "u3", "timestamp": "7.11.69 10:15"},
        ],
    )
    table = tmp_path / "orders.csv"
    table.write_text(
        "customer_id,event,timestamp,price\n"
        "u1,Viewed,2024-01-01 10:00:00,5\n"
        "u5,Bought,2024/01/02 10:00,7\n"
        "u6,X,nope,1\n",
        encoding="utf-8",
    )
    later = tmp_path / "later.parquet"
    pq.write_table(
        pa.table(
            {
                "anonymous_id": ["a1", "a7"],
                "user_id": [None, "u6"],
                "event": ["Paid", "Viewed"],
                "timestamp": pa.array([1_704_500_000_000_000, 1_704_600_000_000_000]).cast(
                    pa.timestamp("us", tz="UTC")
                ),
                "amount": [9.5, None],
            }
        ),
        later,
    )
    # a JSON document (read by DuckDB for Spark): elements at one time, one a batch of two
    same_time = {"type": "track", "userId": "u7", "timestamp": "2024-01-05T10:00:00Z"}
    document = tmp_path / "document.json"
    document.write_text(
        json.dumps(
            [
                {**same_time, "event": "First"},
                {"batch": [{**same_time, "event": "Second"}, {**same_time, "event": "Third"}]},
                {**same_time, "event": "Fourth"},
            ]
        ),
        encoding="utf-8",
    )
    return [events, table, later, document]


def _schemas(store: Store) -> dict[str, list[tuple[str, str]]]:
    """Each table's columns and their kinds of type (Ibis gives DuckDB's timestamps their
    precision, `timestamp(6)`, and Spark's none, for the same microseconds)."""
    return {
        name: [
            (column, type(dtype).__name__) for column, dtype in store.table(name).schema().items()
        ]
        for name in TABLES
    }


def test_spark_ingestion_stores_what_duckdb_stores(spark: Any, tmp_path: Path) -> None:
    files = _files(tmp_path)
    with Store.open("duckdb://:memory:") as embedded:
        expected_results = [r.as_dict() for r in ingest(embedded, files)]
        expected = contents(embedded)
        order = _in_order(embedded)
        schemas = _schemas(embedded)
    with Store.open(_url(tmp_path)) as on_spark:
        results = [r.as_dict() for r in ingest(on_spark, files)]
        # every table has the same columns and types on both engines (quarantine included)
        assert _schemas(on_spark) == schemas
        assert contents(on_spark) == expected
        _source_order(on_spark, files)
        # both number in file order, a batch line's events at the batch's place
        assert _in_order(on_spark) == order
        assert sum(r.rows_stored for r in ingest(on_spark, files)) == 0  # dedupe by message id
        assert contents(on_spark) == expected
    keep = ("rows_read", "rows_stored", "rows_duplicate", "rows_quarantined", "reasons")
    assert [{k: r[k] for k in keep} for r in results] == [
        {k: r[k] for k in keep} for r in expected_results
    ]
    assert expected["identity_merges"]  # stitching across files was exercised
    assert len(expected["quarantine"]) >= 8


def test_malformed_csv_rows_go_to_quarantine(spark: Any, tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("user_id,event,timestamp\nu1,A,2024-01-01\nu2,B\n", encoding="utf-8")
    with Store.open(_url(tmp_path)) as on_spark:
        (result,) = ingest(on_spark, [table])
    assert (result.rows_stored, result.rows_quarantined) == (1, 1)
    assert list(result.reasons) == ["malformed CSV row: wrong number of columns"]


def test_a_file_of_which_no_row_parses_is_refused_on_spark_too(spark: Any, tmp_path: Path) -> None:
    blob = tmp_path / "blob.jsonl"
    blob.write_bytes(b"\x00\xff garbage\n" * 30)
    with Store.open(_url(tmp_path)) as on_spark:
        (result,) = ingest(on_spark, [blob])
        assert not result.ok
        assert "nothing was stored" in (result.error or "")
        assert {t: len(v) for t, v in contents(on_spark).items() if v} == {}


def test_a_failure_before_the_commit_changes_nothing(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, *_ = _files(tmp_path)
    with Store.open(_url(tmp_path)) as on_spark:
        ingest(on_spark, [first])
        before = contents(on_spark)

        def crash(*_: Any, **__: Any) -> None:
            raise RuntimeError("executor lost")

        monkeypatch.setattr(spark_ingest, "rebuild_persons", crash)
        with pytest.raises(RuntimeError, match="executor lost"):
            ingest_module.ingest_file(on_spark, second)
        assert contents(on_spark) == before
        monkeypatch.undo()
        assert ingest_module.ingest_file(on_spark, second).rows_stored == 2


def test_a_write_interrupted_after_its_commit_point_is_finished_on_open(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _files(tmp_path)
    url = _url(tmp_path)

    def die(*_: Any) -> None:
        raise KeyboardInterrupt  # the process dies right after the journal is written

    with Store.open(url) as on_spark:
        ingest(on_spark, files[:1])
        expected_events = to_arrow(on_spark.table("events")).num_rows + 2
        monkeypatch.setattr(spark_journal, "_apply", die)
        with pytest.raises(KeyboardInterrupt):
            ingest_module.ingest_file(on_spark, files[1])
        monkeypatch.undo()
    with Store.open(url) as reopened:
        assert to_arrow(reopened.table("events")).num_rows == expected_events


def test_a_partitioned_write_makes_one_file_per_date(spark: Any, tmp_path: Path) -> None:
    """Not one per task and date: a year of events would be hundreds of files per task."""
    rows = spark.range(300).repartition(4).selectExpr("id", "CAST(id % 3 AS INT) AS day")
    spark_journal._write(rows, (tmp_path / "events").as_uri(), "day")
    folders = sorted((tmp_path / "events").glob("day=*"))
    assert [len(list(f.glob("*.parquet"))) for f in folders] == [1, 1, 1]
