"""The response model: deterministic for a seed, faithful to its rates and delays, per segment."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from journeymap.simulate.responses import (
    CLICKED,
    OPENED,
    ResponseModel,
    ResponseRates,
    SentMessage,
    respond,
    response_model,
)

SENT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
CART = ({"product_id": "tomato", "category": "tomatoes", "price": 120.0, "quantity": 2},)


def messages(count: int, segment: str | None = None) -> list[SentMessage]:
    return [
        SentMessage(
            person_id=f"p{i}",
            sent_at=SENT + timedelta(minutes=i),
            chain_id="cart-reminder",
            message_id="reminder",
            segment=segment,
            goal_event="Order Completed",
            items=CART,
        )
        for i in range(count)
    ]


def by_name(events: list[dict[str, object]]) -> Counter[str]:
    return Counter(str(e["event"]) for e in events)


def test_the_same_seed_gives_the_same_responses_in_any_order() -> None:
    sent = messages(300)
    first = respond(sent, seed=7)
    assert first == respond(list(reversed(sent)), seed=7)
    assert first != respond(sent, seed=8)
    assert all(e["context"] == {"library": {"name": "journeymap-simulator", "version": "1"},
                                "simulated": True} for e in first)  # fmt: skip


def test_shares_follow_the_rates() -> None:
    rates = ResponseRates(open=0.5, click=0.4, convert=0.25)
    events = respond(messages(4000), ResponseModel(default=rates), seed=1)
    counts = by_name(events)
    opened, clicked, ordered = counts[OPENED], counts[CLICKED], counts["Order Completed"]
    assert opened / 4000 == pytest.approx(0.5, abs=0.03)
    assert clicked / opened == pytest.approx(0.4, abs=0.04)
    assert ordered / clicked == pytest.approx(0.25, abs=0.05)


def test_each_step_follows_the_one_before_with_its_delay() -> None:
    events = respond(messages(2000), seed=3)
    per_person: dict[str, dict[str, datetime]] = {}
    for e in events:
        stamp = datetime.fromisoformat(str(e["timestamp"]).replace("Z", "+00:00"))
        per_person.setdefault(str(e["userId"]), {})[str(e["event"])] = stamp
    open_hours = []
    for person, seen in per_person.items():
        sent = SENT + timedelta(minutes=int(person[1:]))
        assert seen[OPENED] > sent
        if CLICKED in seen:
            assert seen[CLICKED] > seen[OPENED]
        if "Order Completed" in seen:
            assert seen["Order Completed"] > seen[CLICKED]
        open_hours.append((seen[OPENED] - sent).total_seconds() / 3600)
    assert statistics.median(open_hours) == pytest.approx(2.0, rel=0.25)  # the default median


def test_segments_have_their_own_rates() -> None:
    model = response_model({"open": 1.0, "click": 1.0, "segments": {"quiet": {"open": 0.0}}})
    assert respond(messages(200, segment="quiet"), model) == []
    loud = by_name(respond(messages(200, segment="beginner"), model))
    assert loud[OPENED] == loud[CLICKED] == 200


def test_an_order_carries_the_cart() -> None:
    model = response_model({"open": 1, "click": 1, "convert": 1})
    (order,) = [e for e in respond(messages(1), model) if e["event"] == "Order Completed"]
    properties = order["properties"]
    assert isinstance(properties, dict)
    assert properties["product_id"] == "tomato"
    assert properties["quantity"] == 2
    assert properties["revenue"] == 240.0
    assert properties["campaign"] == "cart-reminder"


def test_no_goal_no_orders_and_bad_shares_are_refused() -> None:
    model = response_model({"open": 1, "click": 1, "convert": 1})
    sent = [SentMessage("p1", SENT, "welcome", "hello")]
    assert by_name(respond(sent, model)) == Counter({OPENED: 1, CLICKED: 1})
    with pytest.raises(ValueError, match="between 0 and 1"):
        response_model({"click": 1.5})


def test_the_map_block_overrides_the_defaults() -> None:
    from journeymap.model.simulation import SimulationSettings
    from journeymap.simulate.responses import DEFAULT_RATES, model_from_settings

    settings = SimulationSettings.model_validate(
        {
            "responses": {
                "open": 0.6,
                "open_delay": {"median": "30m", "p90": "4h"},
                "segments": {"beginner": {"click": 0.5}},
            }
        }
    )
    model = model_from_settings(settings.responses)
    assert model.default.open == 0.6
    assert model.default.click == DEFAULT_RATES.click
    assert model.default.open_delay.median == 1800
    beginner = model.rates("beginner")
    assert (beginner.open, beginner.click) == (0.6, 0.5)
    assert model.rates("other") == model.default
    assert model_from_settings(None) == ResponseModel()
