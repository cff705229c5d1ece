"""Occurrence conditions of bindings (`occurrence: 2`, `">=2"`), on DuckDB and PySpark."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from journeymap.analytics.bind import bind_events, binding_columns
from journeymap.analytics.stages import stage_metrics
from journeymap.model.binding import Binding
from journeymap.model.journey import JourneyMap
from tests.analytics.conftest import MakeEvents, ToRecords

T0 = dt.datetime(2024, 3, 1, 12, 0, 0)

REPEAT_SHOP = JourneyMap.model_validate(
    {
        "id": "repeat",
        "title": "Repeat orders",
        "stages": [
            {"id": "purchase", "name": "Purchase", "touchpoints": ["first-order"]},
            {"id": "repeat", "name": "Repeat order", "touchpoints": ["repeat-order"]},
        ],
        # the repeat touchpoint first: an event matches the first touchpoint in map order
        "touchpoints": [
            {
                "id": "repeat-order",
                "name": "Repeat order",
                "bindings": [{"event": "Order Completed", "occurrence": ">=2"}],
            },
            {
                "id": "first-order",
                "name": "First order",
                "bindings": [{"event": "Order Completed"}],
            },
        ],
    }
)


def order(person: str, at: dt.datetime, message_id: str, **more: Any) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "person_id": person,
        "event": "Order Completed",
        "timestamp": at,
        **more,
    }


# rows in file order; `seq` (the file order) is numbered by make_events
ORDERS = [
    # p: orders 1 ms apart, the file lists them late first: time decides, not the file
    order("p", T0 + dt.timedelta(milliseconds=1), "p-second"),
    order("p", T0, "p-first"),
    order("p", T0 + dt.timedelta(days=3), "p-third"),
    # q: one order, and a view in between that the count ignores
    order("q", T0, "q-only"),
    {"message_id": "q-view", "person_id": "q", "event": "Product Viewed", "timestamp": T0},
    # r: two orders in the same microsecond: the file order decides ("z" sorts after "a")
    order("r", T0, "r-z-listed-first"),
    order("r", T0, "r-a-listed-second"),
]


def test_second_and_later_orders_bind_to_the_repeat_touchpoint(
    make_events: MakeEvents, to_records: ToRecords
) -> None:
    rows = to_records(bind_events(make_events(ORDERS), REPEAT_SHOP))
    touchpoint = {r["message_id"]: r["touchpoint"] for r in rows}
    assert touchpoint == {
        "p-first": "first-order",
        "p-second": "repeat-order",
        "p-third": "repeat-order",
        "q-only": "first-order",
        "q-view": None,
        "r-z-listed-first": "first-order",
        "r-a-listed-second": "repeat-order",
    }


def test_repeat_stage_reach_counts_repeat_buyers(make_events: MakeEvents) -> None:
    purchase, repeat = stage_metrics(make_events(ORDERS), REPEAT_SHOP).stages
    assert (purchase.persons, repeat.persons) == (3, 2)  # p and r ordered twice or more
    assert purchase.converted_to_next == 2


@pytest.mark.parametrize(
    ("occurrence", "expected"),
    [
        (2, {"p-second"}),
        ("2", {"p-second"}),
        ("= 3", {"p-third"}),
        (">1", {"p-second", "p-third"}),
        ("<=2", {"p-first", "p-second"}),
        ("<2", {"p-first"}),
    ],
)
def test_occurrence_operators(
    make_events: MakeEvents, to_records: ToRecords, occurrence: Any, expected: set[str]
) -> None:
    journey = JourneyMap.model_validate(
        {
            "id": "m",
            "title": "M",
            "stages": [{"id": "s", "name": "S", "touchpoints": ["t"]}],
            "touchpoints": [
                {
                    "id": "t",
                    "name": "T",
                    "bindings": [{"event": "Order Completed", "occurrence": occurrence}],
                }
            ],
        }
    )
    p_orders = [row for row in ORDERS if row["person_id"] == "p"]
    rows = to_records(bind_events(make_events(p_orders), journey))
    assert {r["message_id"] for r in rows if r["touchpoint"] == "t"} == expected


@pytest.mark.parametrize("bad", [0, -1, ">=0", "2nd", ">= two", True, 1.5])
def test_bad_occurrences_are_refused(bad: Any) -> None:
    with pytest.raises(ValidationError):
        Binding.model_validate({"event": "Order Completed", "occurrence": bad})


def test_occurrence_reads_person_time_and_source_order() -> None:
    assert {"person_id", "timestamp", "seq"} <= set(binding_columns(REPEAT_SHOP))


def test_binding_counts_occurrences_as_the_window_over_every_event(
    make_events: MakeEvents, to_records: ToRecords
) -> None:
    """`bind_events(joined_occurrences=True)` (the report's) numbers the matching events
    alone and joins the numbers back; the window over every event (`binding_predicate`, and
    `bind_events` by default) picks out the very same events, for persons known by any id and
    a binding that also reads a property."""
    from journeymap.analytics.bind import binding_predicate

    def event(n: int, who: dict[str, str], name: str, minutes: int, coupon: str) -> dict[str, Any]:
        at = T0 + dt.timedelta(minutes=minutes)
        return {"message_id": f"e{n}", **who, "event": name, "timestamp": at,
                "properties": {"coupon": coupon}}  # fmt: skip

    people = [{"person_id": "p"}, {"user_id": "u"}, {"anonymous_id": "a"}, {"person_id": "q"}]
    rows = [
        event(
            n,
            people[n % 4],
            ("Order Completed", "Product Viewed")[n % 3 == 0],
            n // 5,
            ("yes", "no")[n % 7 == 0],
        )
        for n in range(60)
    ]
    repeat = {"event": "Order Completed", "properties": {"coupon": "yes"}, "occurrence": ">=2"}
    journey = REPEAT_SHOP.model_copy(deep=True)
    journey.touchpoints[0].bindings = [Binding.model_validate(repeat)]
    events = make_events(rows)
    window = events.mutate(hit=binding_predicate(events, journey.touchpoints[0].bindings[0]))
    expected = {r["message_id"] for r in to_records(window) if r["hit"]}
    for joined in (True, False):
        bound = to_records(bind_events(events, journey, joined_occurrences=joined))
        assert len(bound) == len(rows)
        assert {r["message_id"] for r in bound if r["touchpoint"] == "repeat-order"} == expected
    assert 5 < len(expected) < 40  # of 40 orders: the case is not trivial
