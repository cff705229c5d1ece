"""Segment warehouse exports shaped like a store's real export (`fixtures/segment_warehouse`):
nested context that bindings match, detail tables joined to tracks and pages, unjoined rows
reported and loaded, millisecond times, and the folder layouts warehouse syncs write."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from journeymap.analytics.bind import bind_events
from journeymap.events.ingest import ingest_file
from journeymap.events.options import IngestOptions
from journeymap.events.segment_context import context_key
from journeymap.model.journey import JourneyMap
from journeymap.store import Store
from tests.events.conftest import rows

EXPORT = Path(__file__).parent / "fixtures" / "segment_warehouse"

SHOP: dict[str, Any] = {
    "id": "shop",
    "title": "Shop",
    "stages": [
        {"id": "interest", "name": "Interest", "touchpoints": ["product-page", "newsletter"]},
        {"id": "purchase", "name": "Purchase", "touchpoints": ["checkout"]},
    ],
    "touchpoints": [
        {"id": "product-page", "name": "Product page", "bindings": [{"url": "/products/"}]},
        {"id": "checkout", "name": "Checkout", "bindings": [{"url": "/checkout"}]},
        {
            "id": "newsletter",
            "name": "Newsletter",
            "bindings": [{"context": {"campaign.source": "newsletter"}}],
        },
    ],
}


def _stored(store: Store) -> dict[str, dict[str, Any]]:
    found = rows(
        store,
        "SELECT message_id, type, event, timestamp, properties, context, person_id FROM events",
    )
    return {
        r[0]: {
            "type": r[1],
            "event": r[2],
            "timestamp": r[3],
            "properties": json.loads(r[4]) if r[4] else None,
            "context": json.loads(r[5]) if r[5] else None,
            "person": r[6],
        }
        for r in found
    }


def test_context_keys_follow_the_segment_spec() -> None:
    assert context_key("context_page_url") == ("page", "url")
    assert context_key("context_campaign_source") == ("campaign", "source")
    assert context_key("context_device_ad_tracking_enabled") == ("device", "adTrackingEnabled")
    assert context_key("context_user_agent") == (None, "userAgent")
    assert context_key("context_ip") == (None, "ip")


def test_store_export_loads_as_segment_events(store: Store) -> None:
    result = ingest_file(store, EXPORT)
    assert result.ok, result.error
    assert (result.format, result.rows_stored, result.rows_quarantined) == (
        "segment-warehouse",
        7,
        0,
    )
    assert result.warnings == [
        "1 row(s) of table order_completed joined no row of tracks, pages: loaded as track"
        " events from the table itself",
        "table users not loaded: the latest traits of each user, which the identifies table"
        " carries",
    ]
    stored = _stored(store)
    added = stored["t1"]
    assert added["context"] == {
        "page": {"url": "https://shop.example/products/tomato", "path": "/products/tomato"},
        "campaign": {"source": "newsletter", "medium": "email"},
        "library": {"name": "analytics.js"},
        "userAgent": "Mozilla/5.0",
    }
    assert added["properties"] == {
        "product_id": "tomato-1",
        "sku": "TOM-1",
        "price": "3.20",
        "quantity": "2",
    }
    assert added["timestamp"] == datetime(2024, 5, 1, 10, 0, 5, 250000)
    assert stored["t2"]["properties"] is None
    assert stored["t3"]["properties"] == {"order_id": "o-17", "revenue": "42.50", "currency": "EUR"}
    product_page = stored["p2"]
    assert (product_page["type"], product_page["event"]) == ("page", "Product")
    assert product_page["properties"]["category"] == "vegetables"  # joined to the page
    assert product_page["properties"]["url"] == "https://shop.example/products/tomato"
    alone = stored["t9"]
    assert (alone["event"], alone["person"]) == ("Order Completed", "u2")
    assert alone["timestamp"] == datetime(2024, 4, 30, 23, 59, 59, 999000)
    traits = rows(store, "SELECT traits FROM persons WHERE person_id = 'u1'")
    assert json.loads(traits[0][0]) == {"email": "marina@example.com", "first_name": "Marina"}


def test_url_and_context_bindings_match_warehouse_rows(store: Store) -> None:
    ingest_file(store, EXPORT)
    bound = bind_events(store.events(), JourneyMap.model_validate(SHOP))
    found = bound.select("message_id", "touchpoint").to_pyarrow().to_pylist()
    touchpoints = {r["message_id"]: r["touchpoint"] for r in found}
    assert touchpoints == {
        "p1": "newsletter",
        "p2": "product-page",
        "t1": "product-page",
        "t2": "checkout",
        "t3": "checkout",
        "t9": "checkout",
        "i1": "checkout",
    }


def test_folder_layouts_of_warehouse_syncs(store: Store, tmp_path: Path) -> None:
    """Schema-qualified names, BigQuery shards, a Parquet subfolder per table, gzip."""
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(EXPORT / "pages.csv", folder / "shop_prod.pages.csv")
    lines = (EXPORT / "tracks.csv").read_text(encoding="utf-8").splitlines()
    (folder / "tracks-000000000000.csv").write_text("\n".join(lines[:2]) + "\n")
    (folder / "tracks-000000000001.csv").write_text("\n".join([lines[0], *lines[2:]]) + "\n")
    (folder / "order_completed").mkdir()
    pq.write_table(
        pa.table(
            {
                "id": ["t3", "t8"],
                "anonymous_id": ["a1", "a3"],
                "event_text": ["Order Completed", "Order Completed"],
                "timestamp": pa.array(
                    [datetime(2024, 5, 1, 10, 3), datetime(2024, 5, 2, 8, 0, 0, 123456)],
                    pa.timestamp("us"),
                ),
                "revenue": [42.5, 7.0],
            }
        ),
        folder / "order_completed" / "part-00000.parquet",
    )
    result = ingest_file(store, folder)
    assert (result.format, result.rows_stored) == ("segment-warehouse", 6)
    assert result.warnings == [
        "1 row(s) of table order_completed joined no row of tracks, pages: loaded as track"
        " events from the table itself"
    ]
    stored = _stored(store)
    assert stored["t3"]["properties"] == {"revenue": 42.5}
    assert stored["t8"]["timestamp"] == datetime(2024, 5, 2, 8, 0, 0, 123456)


def test_a_table_without_ids_is_reported(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(EXPORT / "tracks.csv", folder / "tracks.csv")
    (folder / "daily_revenue.csv").write_text("day,revenue\n2024-05-01,42.5\n")
    result = ingest_file(store, folder)
    assert result.rows_stored == 3
    assert result.warnings == [
        "table daily_revenue not loaded: it has no id column to join on"
        " (expected a Segment per-event table)"
    ]


def test_per_event_tables_alone_with_the_format_forced(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(EXPORT / "order_completed.csv", folder / "order_completed.csv")
    result = ingest_file(store, folder, IngestOptions(format="segment-warehouse"))
    assert result.rows_stored == 2, result
    assert result.warnings == [
        "2 row(s) of table order_completed loaded as track events from the table itself"
        " (the export has no tracks, pages or screens table)"
    ]
    assert not ingest_file(store, folder).ok  # not detected as a warehouse export by itself
