"""Facts of each person from her interactions: items touched with summed weights, items bought,
and the cart (added and not bought since, latest first)."""

from __future__ import annotations

import pandas as pd

from journeymap.personalize.strategies.facts import person_facts


def _row(person: str, item: str, event: str, day: int, weight: float = 1.0) -> dict[str, object]:
    return {"person": person, "item": item, "event": event, "weight": weight,
            "timestamp": pd.Timestamp(f"2026-03-{day:02d}T10:00:00")}  # fmt: skip


def test_cart_bought_and_viewed_per_person() -> None:
    rows = [
        _row("anna", "basil", "Product Viewed", 1, 0.5),
        _row("anna", "basil", "Product Added", 2, 2.0),
        _row("anna", "basil", "Order Completed", 3, 3.0),  # bought after adding: not in cart
        _row("anna", "tomato", "Product Added", 4),
        _row("anna", "mint", "Product Added", 5),  # the latest added comes first
        _row("anna", "dill", "Order Completed", 1),
        _row("anna", "dill", "Product Added", 6),  # added again after buying: in the cart
        _row("boris", "basil", "Product Viewed", 2),
    ]
    facts = person_facts(pd.DataFrame(rows), [{"person_id": "vera", "stage": "interest"}])
    assert list(facts) == ["vera", "anna", "boris"]
    anna = facts["anna"]
    assert anna.viewed == {"basil": 5.5, "dill": 2.0, "mint": 1.0, "tomato": 1.0}
    assert anna.bought == ["basil", "dill"]
    assert anna.cart == ["dill", "mint", "tomato"]
    assert (facts["boris"].bought, facts["boris"].cart) == ([], [])
    assert facts["vera"].stage == "interest"
    assert facts["vera"].viewed == {}


def test_interactions_without_event_names_give_no_cart() -> None:
    frame = pd.DataFrame([_row("anna", "basil", "", 1)]).drop(columns="event")
    anna = person_facts(frame, [])["anna"]
    assert (anna.viewed, anna.bought, anna.cart) == ({"basil": 1.0}, [], [])
