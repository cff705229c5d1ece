"""Google Analytics exports as BigQuery flattening writes them: UA hits with underscores or
bare names, GA4 events with `event_params` and `traffic_source_*`, and mapping options."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from journeymap.events.ingest import ingest_file
from journeymap.events.options import ColumnMapping, IngestOptions
from journeymap.store import Store
from tests.events.conftest import rows

FIXTURES = Path(__file__).parent / "fixtures"
COLUMNS = "message_id, type, event, timestamp, channel, properties, context, anonymous_id"


def _events(store: Store) -> list[dict[str, Any]]:
    found = rows(store, f"SELECT {COLUMNS} FROM events ORDER BY timestamp")
    names = [c.strip() for c in COLUMNS.split(",")]
    return [dict(zip(names, row, strict=True)) for row in found]


def test_universal_analytics_flattened_with_underscores(store: Store) -> None:
    result = ingest_file(store, FIXTURES / "ua_hits_flattened.csv")
    assert (result.format, result.rows_stored, result.rows_quarantined) == ("ga", 5, 0)
    events = _events(store)
    visitor = [e for e in events if e["anonymous_id"] == "7194065619159478122"]
    assert [(e["type"], e["event"]) for e in visitor] == [
        ("page", "Home"),
        ("track", "Product Viewed"),
        ("track", "Product Added"),
        ("track", "Order Completed"),
    ]
    assert [e["timestamp"] for e in visitor[1:3]] == [
        datetime(2017, 8, 1, 10, 39, 46, 250000),
        datetime(2017, 8, 1, 10, 39, 46, 900000),
    ]
    assert {e["channel"] for e in events} == {"Organic Search", "Referral"}
    assert visitor[0]["message_id"] == "7194065619159478122:1501583974:1"
    assert json.loads(visitor[1]["context"]) == {
        "page": {
            "url": "https://shop.googlemerchandisestore.com/google+redesign/apparel/mens+t+shirts",
            "path": "/google+redesign/apparel/mens+t+shirts",
            "title": "Men's T-Shirts",
        },
        "campaign": {"source": "google", "medium": "organic"},
        "device": {"type": "desktop"},
    }
    assert json.loads(visitor[0]["properties"])["visitNumber"] == "1"


def test_universal_analytics_bare_names_keep_milliseconds(store: Store) -> None:
    """`time` (ms into the visit), `type`, `eCommerceAction_type`: hits 550 ms apart."""
    result = ingest_file(store, FIXTURES / "ua_sessions_kaggle.csv")
    assert (result.format, result.rows_stored) == ("ga", 3), result
    events = _events(store)
    assert [(e["event"], e["timestamp"], e["channel"]) for e in events] == [
        ("Home", datetime(2016, 9, 2, 15, 33, 5), "Direct"),
        ("Shopping Cart", datetime(2016, 9, 2, 15, 33, 6, 250000), "Direct"),
        ("Checkout Started", datetime(2016, 9, 2, 15, 33, 6, 800000), "Direct"),
    ]


def test_ga4_bigquery_flattened(store: Store) -> None:
    result = ingest_file(store, FIXTURES / "ga4_events_flattened.csv")
    assert (result.format, result.rows_stored, result.rows_quarantined) == ("ga", 4, 0)
    events = _events(store)
    page, viewed, bought, _direct = events
    assert (page["type"], page["event"], viewed["event"], bought["event"]) == (
        "page",
        "Tomato seeds",
        "Product Viewed",
        "Order Completed",
    )
    assert (page["timestamp"], viewed["timestamp"]) == (
        datetime(2024, 5, 1, 10, 0, 5, 250123),
        datetime(2024, 5, 1, 10, 0, 5, 250456),
    )
    assert [e["channel"] for e in events] == ["Paid Search"] * 3 + ["Direct"]
    assert json.loads(page["context"])["page"]["url"] == "https://shop.example/products/tomato"
    assert json.loads(page["context"])["campaign"] == {
        "source": "google",
        "medium": "cpc",
        "name": "spring_sale",
    }
    properties = json.loads(bought["properties"])
    assert (properties["transaction_id"], properties["value"]) == ("T-17", 42.5)
    assert "event_params" not in properties
    assert properties["geo_country"] == "Germany"
    assert rows(store, "SELECT count(DISTINCT person_id) FROM events") == [(2,)]


def test_ga4_parquet_with_nested_params(store: Store, tmp_path: Path) -> None:
    value = pa.struct(
        [("string_value", pa.string()), ("int_value", pa.int64()), ("double_value", pa.float64())]
    )
    params = pa.list_(pa.struct([("key", pa.string()), ("value", value)]))
    table = pa.table(
        {
            "event_timestamp": pa.array([1714557605250123], pa.int64()),
            "event_name": ["add_to_cart"],
            "event_params": pa.array([[{"key": "quantity", "value": {"int_value": 2}}]], params),
            "user_pseudo_id": ["p1"],
        }
    )
    path = tmp_path / "ga4.parquet"
    pq.write_table(table, path)
    result = ingest_file(store, path, IngestOptions(format="ga"))
    assert result.rows_stored == 1, result
    event = _events(store)[0]
    assert (event["event"], event["timestamp"]) == (
        "Product Added",
        datetime(2024, 5, 1, 10, 0, 5, 250123),
    )
    assert json.loads(event["properties"]) == {"quantity": 2}


def test_mapping_options_are_honoured_with_format_ga(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "hits.csv"
    path.write_text(
        "fullVisitorId,customer,visitId,visitStartTime,hit_at,hits_type,hits_page_pagePath,medium\n"
        "v1,c1,1,1704103200,2024-01-01 10:00:00.125,PAGE,/home,email\n"
        "v1,c1,1,1704103200,2024-01-01 10:00:00.750,PAGE,/cart,email\n",
        encoding="utf-8",
    )
    options = IngestOptions(
        format="ga",
        mapping=ColumnMapping(person="customer", time="hit_at", channel="medium"),
    )
    result = ingest_file(store, path, options)
    assert result.rows_stored == 2, result
    stored = rows(store, "SELECT user_id, timestamp, channel, event FROM events ORDER BY 2")
    assert stored == [
        ("c1", datetime(2024, 1, 1, 10, 0, 0, 125000), "email", "/home"),
        ("c1", datetime(2024, 1, 1, 10, 0, 0, 750000), "email", "/cart"),
    ]
    named = IngestOptions(format="ga", mapping=ColumnMapping(event_name="Visit"))
    again = ingest_file(store, path, named)
    assert again.rows_stored == 2
    assert rows(store, "SELECT DISTINCT type FROM events WHERE event = 'Visit'") == [("track",)]
