"""What serving needs to know about each person, from profiles and interactions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd

PURCHASE_EVENTS: Final = frozenset({"Order Completed", "Product Purchased"})
CART_EVENTS: Final = frozenset({"Product Added"})


@dataclass
class PersonFacts:
    """One person: her stage and traits (for filters and groups) and her items."""

    stage: str | None = None
    region: str | None = None
    segment: str | None = None
    language: str | None = None
    device: str | None = None
    level: str | None = None
    categories: list[tuple[str, float]] = field(default_factory=list)
    """Her top categories with their interest scores, best first."""
    viewed: dict[str, float] = field(default_factory=dict)
    """Every item she touched -> summed weight."""
    bought: list[str] = field(default_factory=list)
    cart: list[str] = field(default_factory=list)
    """Items added to the cart and not bought since, latest first."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "region": self.region,
            "segment": self.segment,
            "language": self.language,
            "device": self.device,
            "level": self.level,
            "bought": self.bought,
        }


def person_facts(
    interactions: pd.DataFrame, profiles: list[dict[str, Any]]
) -> dict[str, PersonFacts]:
    """Facts of every person in the profiles or the interactions (keyed by person id)."""
    facts: dict[str, PersonFacts] = {}
    for profile in profiles:
        facts[str(profile["person_id"])] = _from_profile(profile)
    if interactions.empty:
        return facts
    events = interactions["event"] if "event" in interactions else pd.Series("", interactions.index)
    frame = interactions.assign(event=events.fillna(""))
    for person, rows in frame.groupby("person", sort=True):
        person_id = str(person)
        one = facts.setdefault(person_id, PersonFacts())
        weights = rows.groupby("item")["weight"].sum()
        one.viewed = {str(k): float(v) for k, v in weights.items()}
        one.bought, one.cart = _bought_and_cart(rows)
    return facts


def _bought_and_cart(rows: pd.DataFrame) -> tuple[list[str], list[str]]:
    bought_at = _latest(rows[rows["event"].isin(PURCHASE_EVENTS)])
    added_at = _latest(rows[rows["event"].isin(CART_EVENTS)])
    waiting = [
        (when, item)
        for item, when in added_at.items()
        if item not in bought_at or bought_at[item] < when
    ]
    cart = [item for _, item in sorted(waiting, key=lambda pair: (-pair[0].value, pair[1]))]
    return sorted(bought_at), cart


def _latest(rows: pd.DataFrame) -> dict[str, pd.Timestamp]:
    latest = rows.groupby("item")["timestamp"].max()
    return {str(item): pd.Timestamp(when) for item, when in latest.items()}


def _from_profile(profile: dict[str, Any]) -> PersonFacts:
    traits = _mapping(profile.get("traits"))
    interests = _mapping(profile.get("interests"))
    categories = [
        (str(c["id"]), float(c["score"]))
        for c in interests.get("categories") or []
        if isinstance(c, dict) and "id" in c
    ]
    return PersonFacts(
        stage=profile.get("stage"),
        region=_text(traits.get("region")),
        segment=_text(profile.get("segment")) or _text(traits.get("segment")),
        language=_text(profile.get("preferred_language")) or _text(traits.get("language")),
        device=_text(profile.get("preferred_device")) or _text(traits.get("device")),
        level=_text(traits.get("level")),
        categories=categories,
    )


def _mapping(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        import json

        value = json.loads(value) if value else {}
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)
