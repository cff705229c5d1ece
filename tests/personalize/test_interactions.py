"""Interactions read from a store through Ibis: the same rows on DuckDB and PySpark."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.personalize.interactions import (
    EVENT_WEIGHTS,
    InteractionsError,
    decayed,
    read_interactions,
    read_ratings,
)
from journeymap.store import Store
from journeymap.store.arrow import replace_table
from tests.analytics.conftest import LIBRARY_WARNINGS, events_frame

pytestmark = [pytest.mark.filterwarnings(spec) for spec in LIBRARY_WARNINGS]

EVENTS = [
    {"person_id": "a", "event": "Product Viewed", "properties": {"product_id": "tomato"}},
    {"person_id": "a", "event": "Product Added", "properties": {"product_id": "tomato"}},
    {"person_id": "a", "event": "Order Completed", "properties": {"sku": "fern"}},
    {"person_id": "b", "event": "Product Viewed", "properties": {"item_id": "fern"}},
    {
        "person_id": None,
        "user_id": "u9",
        "event": "Product Clicked",
        "properties": {"product_id": 7},
    },
    {"person_id": "b", "event": "Product Viewed", "properties": {}},  # no item: not an interaction
    {"person_id": "b", "event": "Page Viewed", "properties": {"product_id": "x"}},  # no weight
    {"person_id": "b", "event": "Product Removed", "properties": {"product_id": "x"}},
]
EXPECTED = [
    ("a", "tomato", EVENT_WEIGHTS["Product Viewed"]),
    ("a", "tomato", EVENT_WEIGHTS["Product Added"]),
    ("a", "fern", EVENT_WEIGHTS["Order Completed"]),
    ("b", "fern", 1.0),
    ("u9", "7", 1.0),
]


def _events() -> pa.Table:
    rows = [
        {**row, "timestamp": pd.Timestamp("2026-03-01") + pd.Timedelta(minutes=i)}
        for i, row in enumerate(EVENTS)
    ]
    frame = events_frame(rows)
    return pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False)


def _check(store: Store) -> None:
    frame = read_interactions(store)
    assert list(frame.columns) == ["person", "item", "weight", "timestamp", "event"]
    got = sorted(zip(frame["person"], frame["item"], frame["weight"], strict=True))
    assert got == sorted(EXPECTED)


def test_interactions_from_a_duckdb_store(tmp_path: Path) -> None:
    with Store.open(f"duckdb://{tmp_path / 'store.duckdb'}") as store:
        store.backend.insert("events", _events())
        _check(store)


@pytest.mark.spark
def test_interactions_from_a_pyspark_store(spark: Any, tmp_path: Path) -> None:
    # a database of its own, so no table of another test (or run) is in the way
    url = f"pyspark://{tmp_path / 'warehouse'}?database=jm_{uuid.uuid4().hex[:8]}"
    with Store.open(url) as store:
        replace_table(store.backend, "events", _events())
        _check(store)


def test_decay_halves_weights_every_half_life() -> None:
    frame = pd.DataFrame(
        {
            "person": ["a", "a", "b"],
            "weight": [4.0, 4.0, 2.0],
            "timestamp": pd.to_datetime(["2026-01-01", "2026-01-11", "2026-01-06"]),
        }
    )
    assert list(decayed(frame, 10.0)) == pytest.approx([2.0, 4.0, 2.0 * 0.5**0.5])
    assert list(decayed(frame, 10.0, per_person=True)) == pytest.approx([2.0, 4.0, 2.0])
    assert list(decayed(frame, None)) == [4.0, 4.0, 2.0]
    with pytest.raises(InteractionsError, match="positive"):
        decayed(frame, 0.0)


def test_ratings_csv(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text("userId,movieId,rating,timestamp\n1,10,4.5,964982703\n2,10,1.0,964982800\n")
    frame = read_ratings(path, min_rating=2.0)
    assert frame[["person", "item", "weight"]].to_dict("records") == [
        {"person": "1", "item": "10", "weight": 1.0}
    ]
    assert frame["timestamp"].iloc[0] == pd.Timestamp("2000-07-30 18:45:03")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(InteractionsError, match="needs the columns"):
        read_ratings(bad)
