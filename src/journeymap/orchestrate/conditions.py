"""Conditions on events and profiles: what an entry, a wait, a branch or an exit looks for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from journeymap.model.base import MapModel

Scalar = str | int | float | bool | None


class EventMatch(MapModel):
    """An event by name, with property values that must be equal (all of them)."""

    event: str = Field(min_length=1)
    """The event name (`Order Completed`)."""
    properties: dict[str, Scalar] = Field(default_factory=dict)
    """Property values the event must carry."""

    def matches(self, event: Mapping[str, Any]) -> bool:
        if event.get("event") != self.event:
            return False
        properties = event.get("properties") or {}
        return all(properties.get(key) == value for key, value in self.properties.items())


class ProfileMatch(MapModel):
    """Profile fields and traits with the values they must have (all of them)."""

    profile: dict[str, Scalar] = Field(default_factory=dict)
    """Profile columns (`segment`, `stage`, `preferred_language`, ...) or `traits.NAME`."""

    def matches(self, profile: Mapping[str, Any]) -> bool:
        return all(profile_value(profile, key) == value for key, value in self.profile.items())


def profile_value(profile: Mapping[str, Any], key: str) -> Any:
    """A profile column, or a trait when `key` is `traits.NAME`."""
    if key.startswith("traits."):
        traits = profile.get("traits") or {}
        return traits.get(key.removeprefix("traits."))
    return profile.get(key)
