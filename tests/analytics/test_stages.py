from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from journeymap.analytics.stages import stage_metrics
from journeymap.model.journey import JourneyMap
from tests.analytics.conftest import MakeEvents

SHOP = JourneyMap.model_validate(
    {
        "id": "shop",
        "title": "Shop",
        "stages": [
            {"id": "interest", "name": "Interest", "touchpoints": ["catalog"]},
            {"id": "purchase", "name": "Purchase", "touchpoints": ["cart", "checkout"]},
            {"id": "after", "name": "After", "touchpoints": ["review"]},
        ],
        "touchpoints": [
            {"id": "catalog", "name": "Catalog", "bindings": [{"event": "Product Viewed"}]},
            {"id": "cart", "name": "Cart", "bindings": [{"event": "Cart Viewed"}]},
            {"id": "checkout", "name": "Checkout", "bindings": [{"event": "Order Completed"}]},
            {"id": "review", "name": "Review", "bindings": [{"event": "Review Written"}]},
        ],
    }
)


def minutes(m: float) -> dt.datetime:
    return dt.datetime(2024, 6, 1) + dt.timedelta(minutes=m)


def journey_events(person: str, steps: list[tuple[float, str, str]]) -> list[dict[str, Any]]:
    return [
        {"person_id": person, "timestamp": minutes(m), "event": e, "channel": c}
        for m, e, c in steps
    ]


SHOP_EVENTS = [
    # a: interest 0-10, purchase 10-20 (cart, checkout), interest 20-25, purchase 25-, review
    *journey_events(
        "a",
        [
            (0, "Product Viewed", "web"),
            (10, "Cart Viewed", "web"),
            (15, "Order Completed", "web"),
            (20, "Product Viewed", "mobile"),
            (25, "Cart Viewed", "mobile"),
            (40, "Review Written", "email"),
        ],
    ),
    # b: interest only
    *journey_events("b", [(0, "Product Viewed", "web"), (3, "Product Viewed", "web")]),
    # c: purchase before interest, then interest: not a conversion interest -> purchase
    *journey_events("c", [(0, "Cart Viewed", "web"), (30, "Product Viewed", "web")]),
    # d: unbound events only
    *journey_events("d", [(0, "Signed In", "web")]),
]


def test_stage_metrics(make_events: MakeEvents) -> None:
    metrics = stage_metrics(make_events(SHOP_EVENTS), SHOP)
    interest, purchase, after = metrics.stages
    assert (interest.persons, interest.converted_to_next, interest.drop_off) == (3, 1, 2)
    assert interest.conversion_to_next == pytest.approx(1 / 3)
    assert (purchase.persons, purchase.converted_to_next) == (2, 1)
    assert (after.persons, after.next_stage, after.conversion_to_next) == (1, None, None)
    # a: interest stays 10 + 5 minutes; b and c never leave interest (no finished stay)
    assert interest.median_seconds == 900.0
    # purchase: a 10 + 15 = 25 min; c 30 min
    assert purchase.median_seconds == pytest.approx(27.5 * 60)
    assert purchase.p90_seconds == pytest.approx((25 + 0.9 * 5) * 60)
    assert (interest.re_entries, interest.persons_reentering) == (1, 1)
    assert (purchase.re_entries, purchase.persons_reentering) == (1, 1)
    assert interest.touchpoints == {"catalog": 3}
    assert purchase.touchpoints == {"cart": 2, "checkout": 1}
    assert interest.channels == {"web": 3, "mobile": 1}
    assert (metrics.persons_first_stage, metrics.persons_reaching_last) == (3, 1)
    assert metrics.overall_conversion == pytest.approx(1 / 3)
