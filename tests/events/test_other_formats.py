"""Parquet, Google Analytics exports, Segment warehouse exports and --enrich."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journeymap.events.enrich import enrich
from journeymap.events.errors import IngestError
from journeymap.events.ingest import ingest_file
from journeymap.store import Store
from tests.events.conftest import rows


def test_parquet_keeps_value_types_and_zoned_timestamps(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "orders.parquet"
    table = pa.table(
        {
            "customer_id": ["c1", "c2"],
            "event": ["Order Completed", "Order Completed"],
            "timestamp": pa.array(
                [datetime(2024, 1, 1, 12, tzinfo=UTC), datetime(2024, 1, 2, 12, tzinfo=UTC)],
                pa.timestamp("us", tz="Europe/Moscow"),
            ),
            "revenue": [10.5, 20.0],
            "items": [1, 3],
        }
    )
    pq.write_table(table, path)
    result = ingest_file(store, path)
    assert (result.format, result.rows_stored) == ("parquet", 2)
    stored = rows(store, "SELECT user_id, timestamp, properties FROM events ORDER BY 1")
    assert stored[0][:2] == ("c1", datetime(2024, 1, 1, 12))
    assert json.loads(stored[0][2]) == {"revenue": 10.5, "items": 1}


def test_ga4_export(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "ga4.csv"
    path.write_text(
        "event_date,event_timestamp,event_name,user_pseudo_id,user_id,page_title,value\n"
        "20240101,1704103200000000,page_view,p1,,Home,\n"
        "20240101,1704103260000000,view_item,p1,,,\n"
        "20240101,1704103320000000,add_to_cart,p1,,,\n"
        "20240101,1704103380000000,purchase,p1,u9,,42.5\n"
        "20240101,1704103440000000,scroll,p1,u9,,\n",
        encoding="utf-8",
    )
    result = ingest_file(store, path)
    assert (result.format, result.rows_stored) == ("ga", 5)
    assert rows(store, "SELECT type, event, person_id, channel FROM events ORDER BY timestamp") == [
        ("page", "Home", "u9", "web"),
        ("track", "Product Viewed", "u9", "web"),
        ("track", "Product Added", "u9", "web"),
        ("track", "Order Completed", "u9", "web"),
        ("track", "scroll", "u9", "web"),
    ]


def test_universal_analytics_hits(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "hits.csv"
    path.write_text(
        "fullVisitorId,visitId,visitStartTime,hits.hitNumber,hits.time,hits.type,"
        "hits.page.pagePath,hits.page.pageTitle,hits.eCommerceAction.action_type,"
        "hits.eventInfo.eventAction\n"
        "v1,1,1704103200,1,0,PAGE,/home,Home,0,\n"
        "v1,1,1704103200,2,5000,PAGE,/p/1,Tomato,2,\n"
        "v1,1,1704103200,3,9000,EVENT,/p/1,Tomato,3,add\n"
        "v1,1,1704103200,4,20000,EVENT,/cart,Cart,6,\n"
        "v1,1,1704103200,5,30000,EVENT,/cart,Cart,0,share\n",
        encoding="utf-8",
    )
    result = ingest_file(store, path)
    assert result.rows_stored == 5, result
    assert rows(store, "SELECT type, event, timestamp FROM events ORDER BY timestamp") == [
        ("page", "Home", datetime(2024, 1, 1, 10)),
        ("track", "Product Viewed", datetime(2024, 1, 1, 10, 0, 5)),
        ("track", "Product Added", datetime(2024, 1, 1, 10, 0, 9)),
        ("track", "Order Completed", datetime(2024, 1, 1, 10, 0, 20)),
        ("track", "share", datetime(2024, 1, 1, 10, 0, 30)),
    ]


def test_segment_warehouse_export(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "warehouse"
    folder.mkdir()
    (folder / "tracks.csv").write_text(
        "id,anonymous_id,user_id,event,event_text,timestamp,context_page_path\n"
        "t1,a1,,order_completed,Order Completed,2024-01-01T10:00:00Z,/checkout\n"
        "t2,a1,,product_viewed,Product Viewed,2024-01-01T09:00:00Z,/p/1\n"
        "t3,a1,,signed_in,Signed In,2024-01-01T11:00:00Z,/login\n",
        encoding="utf-8",
    )
    (folder / "order_completed.csv").write_text(
        "id,event,timestamp,revenue,currency\nt1,order_completed,2024-01-01T10:00:00Z,42,EUR\n",
        encoding="utf-8",
    )
    (folder / "product_viewed.csv").write_text(
        "id,event,timestamp,sku\nt2,product_viewed,2024-01-01T09:00:00Z,tomato\n",
        encoding="utf-8",
    )
    (folder / "identifies.csv").write_text(
        "id,anonymous_id,user_id,timestamp,email,plan\n"
        "i1,a1,u1,2024-01-01T10:30:00Z,m@example.com,pro\n",
        encoding="utf-8",
    )
    (folder / "pages.csv").write_text(
        "id,anonymous_id,timestamp,name,path\np1,a1,2024-01-01T08:00:00Z,Home,/\n",
        encoding="utf-8",
    )
    result = ingest_file(store, folder)
    assert (result.format, result.rows_stored) == ("segment-warehouse", 5)
    stored = {
        row[0]: row[1:]
        for row in rows(store, "SELECT message_id, type, event, properties, context FROM events")
    }
    assert stored["t1"][:2] == ("track", "Order Completed")
    assert json.loads(stored["t1"][2]) == {"revenue": "42", "currency": "EUR"}
    assert json.loads(stored["t1"][3]) == {"page": {"path": "/checkout"}}
    assert json.loads(stored["t2"][2]) == {"sku": "tomato"}
    assert stored["t3"][2] is None
    assert stored["p1"][:2] == ("page", "Home")
    assert rows(store, "SELECT DISTINCT person_id FROM events") == [("u1",)]
    assert json.loads(rows(store, "SELECT traits FROM persons")[0][0]) == {
        "email": "m@example.com",
        "plan": "pro",
    }


def test_enrich_merges_a_side_table_into_properties(store: Store, tmp_path: Path) -> None:
    events = tmp_path / "e.csv"
    events.write_text(
        "event_id,user_id,event,timestamp,sku\n"
        "e1,u1,Product Viewed,2024-01-01,tomato\n"
        "e2,u1,Product Viewed,2024-01-02,basil\n",
        encoding="utf-8",
    )
    ingest_file(store, events)
    side = tmp_path / "products.csv"
    side.write_text("event_id,category,sku\ne1,vegetables,tomato-1\nzz,herbs,x\n", "utf-8")
    result = enrich(store, side, "event_id")
    assert (result.rows, result.matched, result.columns) == (2, 1, ("category", "sku"))
    again = enrich(store, side, "event_id")
    assert again.matched == 1
    props = dict(rows(store, "SELECT message_id, properties FROM events"))
    assert json.loads(props["e1"]) == {"sku": "tomato-1", "category": "vegetables"}
    assert json.loads(props["e2"]) == {"sku": "basil"}
    with pytest.raises(IngestError, match="--key names column 'id'"):
        enrich(store, side, "id")
