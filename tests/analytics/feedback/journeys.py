"""A small map shared by the feedback tests."""

from __future__ import annotations

from typing import Any

from journeymap.model.journey import JourneyMap

SHOP: dict[str, Any] = {
    "id": "shop",
    "title": "Shop",
    "language": "en",
    "personas": [{"id": "marina", "name": "Marina"}, {"id": "oleg", "name": "Oleg"}],
    "stages": [
        {
            "id": "choice",
            "name": "Choice",
            "touchpoints": ["catalog"],
            "emotions": {"marina": 1, "oleg": 0},
        },
        {
            "id": "purchase",
            "name": "Purchase",
            "touchpoints": ["cart"],
            "emotions": {"marina": -1},
        },
        {"id": "delivery", "name": "Delivery", "touchpoints": ["courier"]},
    ],
    "touchpoints": [
        {"id": "catalog", "name": "Catalog", "bindings": [{"event": "Product Viewed"}]},
        {"id": "cart", "name": "Cart", "bindings": [{"event": "Cart Viewed"}]},
        {"id": "courier", "name": "Courier", "bindings": [{"event": "Order Delivered"}]},
    ],
}


def shop() -> JourneyMap:
    return JourneyMap.model_validate(SHOP)
