"""Events within one second keep their order: stage entry, time in stage, Sankey, funnels.

Timestamps compare at microsecond precision on both engines; events of the very same
microsecond keep the order of the source file (`seq`), never the order of their message ids.
Each case below came out wrong when times were floored to whole seconds and ties broken by
message id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from journeymap.analytics.funnel import funnel
from journeymap.analytics.stage_visits import person_stages, stage_visits
from journeymap.analytics.stages import stage_metrics, staged_events
from journeymap.analytics.transitions import transitions
from journeymap.model.journey import JourneyMap
from journeymap.report.flows import first_entries, stage_flows
from tests.analytics.conftest import MakeEvents, ToRecords

T0 = dt.datetime(2024, 6, 1, 10, 0, 0)

SHOP = JourneyMap.model_validate(
    {
        "id": "shop",
        "title": "Shop",
        "stages": [
            {"id": "browse", "name": "Browse", "touchpoints": ["pages"]},
            {"id": "product", "name": "Product", "touchpoints": ["product"]},
            {"id": "buy", "name": "Buy", "touchpoints": ["checkout"]},
        ],
        "touchpoints": [
            {"id": "pages", "name": "Pages", "bindings": [{"event": "Page Viewed"}]},
            {"id": "product", "name": "Product", "bindings": [{"event": "Product Viewed"}]},
            {"id": "checkout", "name": "Checkout", "bindings": [{"event": "Order Completed"}]},
        ],
    }
)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(microseconds=round(seconds * 1_000_000))


def event(person: str, seconds: float, name: str, message_id: str) -> dict[str, Any]:
    return {"message_id": message_id, "person_id": person, "event": name, "timestamp": at(seconds)}


# Listed in file order. Message ids sort against time on purpose.
EVENTS = [
    # a: the product view fires 0.4 s *before* the page view, in the same second
    event("a", 0.9, "Page Viewed", "a-1"),
    event("a", 0.5, "Product Viewed", "a-2"),
    event("a", 2.25, "Order Completed", "a-3"),
    # b: page view and product view in the very same microsecond: the file order decides
    event("b", 5.0, "Product Viewed", "b-z"),
    event("b", 5.0, "Page Viewed", "b-a"),
    event("b", 7.5, "Order Completed", "b-m"),
]


def test_stage_entry_order_follows_sub_second_time_then_file_order(
    make_events: MakeEvents, to_records: ToRecords
) -> None:
    staged = staged_events(make_events(EVENTS), SHOP)
    steps = {(r["person"], r["stage"]): r["step"] for r in to_records(first_entries(staged))}
    assert steps == {
        ("a", "product"): 0,
        ("a", "browse"): 1,
        ("a", "buy"): 2,
        ("b", "product"): 0,
        ("b", "browse"): 1,
        ("b", "buy"): 2,
    }


def test_time_in_stage_keeps_the_fraction_of_a_second(
    make_events: MakeEvents, to_records: ToRecords
) -> None:
    staged = staged_events(make_events(EVENTS), SHOP)
    seconds = {
        (r["person"], r["stage"]): r["seconds"]
        for r in to_records(person_stages(stage_visits(staged)))
    }
    # a: product 0.5 -> browse 0.9 -> buy 2.25; b: product 5.0 -> browse 5.0 -> buy 7.5
    assert seconds[("a", "product")] == pytest.approx(0.4)
    assert seconds[("a", "browse")] == pytest.approx(1.35)
    assert seconds[("b", "product")] == 0.0
    assert seconds[("b", "browse")] == pytest.approx(2.5)
    assert seconds[("a", "buy")] is None  # the open stay

    browse, product, buy = stage_metrics(make_events(EVENTS), SHOP).stages
    assert product.median_seconds == pytest.approx(0.2)  # 0.4 and 0.0
    assert browse.median_seconds == pytest.approx((1.35 + 2.5) / 2)
    # browse -> product: a's product view is 0.4 s before her page view; b's is at the same
    # instant but earlier in the source, and conversion follows (timestamp, then source order):
    # nobody converts
    assert browse.converted_to_next == 0
    assert product.converted_to_next == 2
    assert buy.persons == 2


def test_sankey_first_stage_is_the_first_event(make_events: MakeEvents) -> None:
    flows = stage_flows(staged_events(make_events(EVENTS), SHOP))
    assert flows.columns[0] == {"product": 2}
    assert flows.columns[1] == {"browse": 2}


def test_funnel_and_transitions_order_by_sub_second_time(make_events: MakeEvents) -> None:
    events = make_events(EVENTS)
    steps = funnel(events, ["Product Viewed", "Page Viewed", "Order Completed"]).steps()
    assert [s["persons"] for s in steps] == [2, 2, 2]
    # a's product view to page view takes 0.4 s (b's takes 0)
    assert steps[1]["median_seconds_from_previous"] == pytest.approx(0.2)
    edges = transitions(events).to_pyarrow().to_pylist()
    pairs = {(e["source"], e["target"]): e["count"] for e in edges}
    assert pairs[("Product Viewed", "Page Viewed")] == 2
    assert ("Page Viewed", "Product Viewed") not in pairs
