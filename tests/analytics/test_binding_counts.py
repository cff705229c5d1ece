"""The binding picker's numbers, on DuckDB and PySpark alike: event names by frequency, the
property keys seen, and how many events each binding matches (occurrence bindings too)."""

from __future__ import annotations

import ibis.expr.types as ir

from journeymap.analytics.binding_counts import (
    EventName,
    binding_counts,
    event_names,
    property_keys,
)
from journeymap.model.binding import Binding
from tests.analytics.conftest import MakeEvents

ROWS = [
    {"person_id": "p1", "event": "Product Viewed", "properties": {"room": "kitchen"}},
    {"person_id": "p1", "event": "Product Viewed", "properties": {"room": "bath"}},
    {"person_id": "p2", "event": "Product Viewed", "properties": {"room": "kitchen"}},
    {"person_id": "p2", "event": "Order Completed", "properties": {"total": 120}},
    {"person_id": "p1", "event": "Order Completed", "properties": {"total": 80}},
    {"person_id": "p1", "event": "Order Completed", "properties": {"total": 95}},
    {"person_id": "p3", "event": None, "type": "page", "properties": {}},
]


def _events(make_events: MakeEvents) -> ir.Table:
    rows = [
        {**row, "timestamp": f"2026-01-0{number + 1}T10:00:00", "anonymous_id": row["person_id"]}
        for number, row in enumerate(ROWS)
    ]
    return make_events(rows)


def test_names_keys_and_counts(make_events: MakeEvents) -> None:
    events = _events(make_events)
    assert event_names(events) == [EventName("Order Completed", 3), EventName("Product Viewed", 3)]
    assert property_keys(events) == ["room", "total"]
    bindings = [
        Binding(event="Product Viewed", properties={"room": "kitchen"}),
        Binding(event="Order Completed", properties={"total": {"gte": 90}}),
        Binding(event="Order Completed", occurrence=">=2"),
        Binding(event="Nothing Like It"),
    ]
    assert binding_counts(events, bindings) == [2, 2, 1, 0]
    assert binding_counts(events, []) == []
