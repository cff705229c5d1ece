"""A tiny shop of our own: a catalog, interactions with purchases and a cart, two profiles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from journeymap.personalize.catalog import Catalog
from journeymap.personalize.catalog_item import CatalogItem

DAY = dt.date(2026, 5, 1)


def item(id: str, type: str = "product", **extra: Any) -> CatalogItem:
    return CatalogItem(
        id=id, type=type, title=extra.pop("title", id.replace("-", " ").title()), **extra
    )


def catalog() -> Catalog:
    items = [
        item("tomato", category="tomatoes", region=["siberia"], title="Tomato Siberian"),
        item("tomato-2", category="tomatoes", region=["south"]),
        item("tomato-3", category="tomatoes"),
        item("tomato-4", category="tomatoes", in_stock=False),
        item("cucumber", category="cucumbers"),
        item("cucumber-new", category="cucumbers", valid_from=dt.date(2026, 4, 1)),
        item("basil", category="herbs", level="expert"),
        item("dill", category="herbs", language="ru"),
        item("review-tomato", "review", about=["tomato"], category="tomatoes"),
        item("case-cucumber", "case", category="cucumbers"),
        item("guide-tomato", "tutorial", about=["tomato"]),
        item("cart-mail", "email_block", tags=["reminder"]),
    ]
    return Catalog(items={i.id: i for i in items})


def interactions() -> pd.DataFrame:
    rows = [
        # anna: viewed tomato and cucumber, bought tomato, cart holds cucumber
        ("anna", "tomato", "Product Viewed", 1),
        ("anna", "tomato", "Order Completed", 2),
        ("anna", "cucumber", "Product Added", 3),
        # bob and carl bought tomato and basil or dill: bought together
        ("bob", "tomato", "Order Completed", 1),
        ("bob", "basil", "Order Completed", 2),
        ("bob", "tomato-3", "Product Viewed", 3),
        ("carl", "tomato", "Order Completed", 1),
        ("carl", "dill", "Order Completed", 2),
        ("carl", "tomato-2", "Product Viewed", 3),
        ("dora", "cucumber", "Product Viewed", 1),
        ("dora", "tomato-3", "Product Viewed", 2),
    ]
    weights = {"Product Viewed": 1.0, "Product Added": 3.0, "Order Completed": 5.0}
    return pd.DataFrame(
        {
            "person": [r[0] for r in rows],
            "item": [r[1] for r in rows],
            "event": [r[2] for r in rows],
            "weight": [weights[r[2]] for r in rows],
            "timestamp": [pd.Timestamp("2026-04-01") + pd.Timedelta(hours=r[3]) for r in rows],
        }
    )


def profiles() -> list[dict[str, Any]]:
    interests = {
        "items": [],
        "categories": [{"id": "tomatoes", "score": 3.0}, {"id": "cucumbers", "score": 1.0}],
    }
    return [
        {
            "person_id": "anna",
            "stage": "research",
            "segment": "gardeners",
            "traits": {"region": "siberia", "level": "beginner"},
            "interests": interests,
            "preferred_language": "en",
            "preferred_device": "mobile",
        },
        {
            "person_id": "bob",
            "stage": None,
            "segment": "gardeners",
            "traits": {"region": "siberia"},
        },
        {
            "person_id": "carl",
            "stage": "delivery",
            "segment": "gardeners",
            "traits": {"region": "siberia"},
        },
    ]
