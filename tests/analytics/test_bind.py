from __future__ import annotations

from typing import Any

from journeymap.analytics.bind import bind_events, binding_columns, binding_predicate
from journeymap.model.binding import Binding
from journeymap.model.journey import JourneyMap
from tests.analytics.conftest import MakeEvents, ToRecords

SHOP: dict[str, Any] = {
    "id": "shop",
    "title": "Shop",
    "stages": [
        {"id": "interest", "name": "Interest", "touchpoints": ["catalog", "promo"]},
        {"id": "purchase", "name": "Purchase", "touchpoints": ["cart", "checkout", "catalog"]},
    ],
    "touchpoints": [
        {
            "id": "catalog",
            "name": "Catalog",
            "bindings": [{"event": "Product Viewed", "properties": {"category": "seeds"}}],
        },
        {"id": "cart", "name": "Cart", "bindings": [{"type": "page", "url": "/cart$"}]},
        {
            "id": "checkout",
            "name": "Checkout",
            "bindings": [
                {"event": "Order Completed", "properties": {"total": {"gte": 100}}},
                {"event": "Order Completed", "channel": "offline"},
            ],
        },
        {
            "id": "promo",
            "name": "Promo",
            "bindings": [{"context": {"campaign.source": {"in": ["mail", "sms"]}}}],
        },
        {"id": "unmeasured", "name": "No bindings"},
    ],
}


def bound(
    make_events: MakeEvents,
    to_records: ToRecords,
    rows: list[dict[str, Any]],
    journey: dict[str, Any] = SHOP,
) -> dict[str, tuple[str | None, str | None]]:
    events = make_events(rows)
    result = to_records(bind_events(events, JourneyMap.model_validate(journey)))
    return {r["message_id"]: (r["touchpoint"], r["stage"]) for r in result}


def test_bindings_tag_touchpoint_and_first_listing_stage(
    make_events: MakeEvents, to_records: ToRecords
) -> None:
    t = "2024-01-01 10:00:00"
    rows = [
        {
            "message_id": "a",
            "person_id": "p",
            "timestamp": t,
            "event": "Product Viewed",
            "properties": {"category": "seeds"},
        },
        {
            "message_id": "b",
            "person_id": "p",
            "timestamp": t,
            "event": "Product Viewed",
            "properties": {"category": "tools"},
        },
        {
            "message_id": "c",
            "person_id": "p",
            "timestamp": t,
            "type": "page",
            "event": "Cart",
            "context": {"page": {"url": "https://shop.example/cart"}},
        },
        {
            "message_id": "d",
            "person_id": "p",
            "timestamp": t,
            "type": "page",
            "properties": {"url": "https://shop.example/cart"},
        },
        {
            "message_id": "e",
            "person_id": "p",
            "timestamp": t,
            "event": "Order Completed",
            "properties": {"total": 150.5},
        },
        {
            "message_id": "f",
            "person_id": "p",
            "timestamp": t,
            "event": "Order Completed",
            "properties": {"total": 20},
        },
        {
            "message_id": "g",
            "person_id": "p",
            "timestamp": t,
            "event": "Order Completed",
            "properties": {"total": 20},
            "channel": "offline",
        },
        {
            "message_id": "h",
            "person_id": "p",
            "timestamp": t,
            "event": "Email Opened",
            "context": {"campaign": {"source": "mail"}},
        },
        {
            "message_id": "i",
            "person_id": "p",
            "timestamp": t,
            "event": "Email Opened",
            "context": {"campaign": {"source": "push"}},
        },
        {
            "message_id": "j",
            "person_id": "p",
            "timestamp": t,
            "event": "Order Completed",
            "properties": {"total": "lots"},
        },
    ]
    assert bound(make_events, to_records, rows) == {
        "a": ("catalog", "interest"),  # catalog is listed by two stages: the first one wins
        "b": (None, None),
        "c": ("cart", "purchase"),
        "d": ("cart", "purchase"),  # properties.url when context.page.url is absent
        "e": ("checkout", "purchase"),
        "f": (None, None),
        "g": ("checkout", "purchase"),  # second binding of the same touchpoint
        "h": ("promo", "interest"),
        "i": (None, None),
        "j": (None, None),  # not a number: numeric comparisons fail, no error
    }


def test_first_touchpoint_in_map_order_wins(make_events: MakeEvents, to_records: ToRecords) -> None:
    journey = {
        "id": "m",
        "title": "M",
        "stages": [
            {"id": "s1", "name": "S1", "touchpoints": ["b"]},
            {"id": "s2", "name": "S2", "touchpoints": ["a"]},
        ],
        "touchpoints": [
            {"id": "a", "name": "A", "bindings": [{"event": "X"}]},
            {"id": "b", "name": "B", "bindings": [{"channel": "web"}]},
        ],
    }
    rows = [
        {
            "message_id": "1",
            "person_id": "p",
            "timestamp": "2024-01-01",
            "event": "X",
            "channel": "web",
        },
        {
            "message_id": "2",
            "person_id": "p",
            "timestamp": "2024-01-01",
            "event": "Y",
            "channel": "web",
        },
    ]
    assert bound(make_events, to_records, rows, journey) == {"1": ("a", "s2"), "2": ("b", "s1")}


CONDITIONS: list[tuple[Any, set[str]]] = [
    ({"eq": "x"}, {"str"}),
    ({"ne": "x"}, {"num", "bool", "nested", "null", "absent", "quote", "ru"}),
    ({"in": ["x", 3]}, {"str", "num"}),
    ({"in": [None]}, {"null", "absent"}),
    ({"not_in": ["x", 3]}, {"bool", "nested", "null", "absent", "quote", "ru"}),
    ({"gt": 2.5}, {"num"}),
    ({"gte": 3, "lte": 3}, {"num"}),
    ({"lt": 3}, set()),
    ({"regex": "^Сем"}, {"ru"}),
    ({"regex": 'a"b'}, {"quote"}),
    ({"exists": True}, {"str", "num", "bool", "nested", "quote", "ru"}),
    ({"exists": False}, {"null", "absent"}),
    (True, {"bool"}),
    (3, {"num"}),
    (None, {"null", "absent"}),
    ({"eq": 'a"b\\c'}, {"quote"}),
]


def test_condition_operators(make_events: MakeEvents, to_records: ToRecords) -> None:
    values: dict[str, Any] = {
        "str": "x",
        "num": 3,
        "bool": True,
        "nested": {"k": 1},
        "null": None,
        "quote": 'a"b\\c',
        "ru": "Семена",
    }
    rows = [
        {"message_id": key, "person_id": "p", "timestamp": "2024-01-01", "properties": {"v": value}}
        for key, value in values.items()
    ]
    rows.append({"message_id": "absent", "person_id": "p", "timestamp": "2024-01-01"})
    events = make_events(rows)
    # one query for all conditions: each Spark query costs about a second
    bindings = [Binding(properties={"v": condition}) for condition, _ in CONDITIONS]
    columns = {f"c{i}": binding_predicate(events, b) for i, b in enumerate(bindings)}
    result = to_records(events.select("message_id", **columns))
    for i, (condition, expected) in enumerate(CONDITIONS):
        matched = {row["message_id"] for row in result if row[f"c{i}"]}
        assert matched == expected, condition


def test_unbound_map_keeps_every_event(make_events: MakeEvents, to_records: ToRecords) -> None:
    journey = {"id": "m", "title": "M", "touchpoints": [{"id": "t", "name": "T"}]}
    rows = [{"message_id": "1", "person_id": "p", "timestamp": "2024-01-01", "event": "E"}]
    assert bound(make_events, to_records, rows, journey) == {"1": (None, None)}


def test_binding_columns_lists_what_the_bindings_read() -> None:
    journey = JourneyMap.model_validate(SHOP)
    # url reads context.page.url or properties.url; the touchpoint without bindings reads nothing
    assert binding_columns(journey) == ["channel", "context", "event", "properties", "type"]
    events_only = {**SHOP, "touchpoints": [SHOP["touchpoints"][0] | {"bindings": [{"event": "A"}]}]}
    events_only["stages"] = [{"id": "interest", "name": "Interest", "touchpoints": ["catalog"]}]
    assert binding_columns(JourneyMap.model_validate(events_only)) == ["event"]
