"""Clustering the events rewrites them in person and time order and changes nothing else."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from journeymap.analytics.paths import variants
from journeymap.analytics.transitions import transitions
from journeymap.cli.app import app
from journeymap.events.ingest import ingest
from journeymap.store import Store, StoreError, cluster_events
from tests.events.conftest import write_jsonl

T0 = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)


def shuffled_log(seed: int = 5) -> list[dict[str, Any]]:
    """Events of 30 persons in random file order, with ties in time inside a person."""
    rng = random.Random(seed)
    records = []
    for person in range(30):
        at = T0 + dt.timedelta(hours=person)
        for _ in range(rng.randint(1, 8)):
            at += dt.timedelta(minutes=rng.choice([0, 1, 7]))
            records.append(
                {
                    "type": "track",
                    "event": rng.choice(["Каталог", "Cart", "Checkout", "Paid"]),
                    "userId": f"user-{person:02d}",
                    "messageId": str(uuid.UUID(int=rng.getrandbits(128))),
                    "timestamp": at.isoformat(),
                }
            )
    rng.shuffle(records)
    return records


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(f"duckdb://{tmp_path / 's.duckdb'}")
    assert all(r.ok for r in ingest(opened, [write_jsonl(tmp_path / "e.jsonl", shuffled_log())]))
    return opened


def _rows(store: Store) -> list[tuple[Any, ...]]:
    return store.duckdb.execute("SELECT * FROM events").fetchall()


def _answers(store: Store) -> tuple[Any, Any]:
    events = store.events()
    edges = transitions(events, session_gap=None).to_pyarrow().to_pylist()
    top = variants(events, max_steps=4, top=5).to_pyarrow().to_pylist()
    return edges, top


def test_clustering_orders_the_rows_and_keeps_every_value(store: Store) -> None:
    before = _rows(store)
    answers = _answers(store)
    done = cluster_events(store)
    after = _rows(store)
    assert done.rows == len(before) == len(after) > 100
    assert sorted(map(repr, after)) == sorted(map(repr, before))
    order = store.duckdb.execute(
        "SELECT hash(person_id), person_id, timestamp, seq FROM events"
    ).fetchall()
    assert order == sorted(order)
    with Store.open("duckdb://:memory:") as fresh:
        assert store.events().schema() == fresh.events().schema()
    assert _answers(store) == answers
    assert cluster_events(store).rows == len(before)  # again: nothing left to do, no harm
    assert _rows(store) == after
    store.close()


def test_a_store_opened_read_only_is_refused_and_left_as_it_was(store: Store) -> None:
    url = store.url
    before = _rows(store)
    store.close()
    with (
        Store.open(f"{url}?access_mode=read_only", upgrade=False) as read_only,
        pytest.raises(StoreError, match="read-only"),
    ):
        cluster_events(read_only)
    with Store.open(url) as again:
        assert _rows(again) == before


def test_optimize_command_reports_the_clustered_events(store: Store) -> None:
    url = store.url
    count = len(_rows(store))
    store.close()
    result = CliRunner().invoke(app, ["optimize", "--store", url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["events"] == count
    shown = CliRunner().invoke(app, ["optimize", "--store", url])
    assert shown.exit_code == 0
    assert f"clustered {count:,} events" in shown.output
    refused = CliRunner().invoke(app, ["optimize", "--store", f"{url}?access_mode=read_only"])
    assert refused.exit_code == 1
    assert "read-only" in refused.output


@pytest.mark.spark
def test_a_spark_store_is_refused_with_the_reason(spark: Any, tmp_path: Path) -> None:
    url = f"pyspark://{tmp_path / 'warehouse'}?database=jm_{uuid.uuid4().hex[:8]}"
    with Store.open(url) as on_spark, pytest.raises(StoreError, match="Spark sorts"):
        cluster_events(on_spark)
