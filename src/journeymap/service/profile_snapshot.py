"""Profiles held in memory for the read API: read by key, never a query per request.

Built from the store's `profiles` and `identities` tables (what `journeymap profiles` wrote);
a person is found by her person id, user id or anonymous id, as `load_profile` finds her.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from journeymap.personalize.profile_store import JSON_COLUMNS
from journeymap.store import Store, to_arrow


@dataclass(frozen=True)
class ProfileSnapshot:
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    """person_id -> profile row, JSON columns decoded, timestamps as ISO text."""
    identities: dict[str, str] = field(default_factory=dict)
    """Any id (user id, anonymous id) -> person_id."""

    @classmethod
    def of(cls, store: Store) -> ProfileSnapshot:
        profiles = {}
        for row in to_arrow(store.table("profiles")).to_pylist():
            profiles[str(row["person_id"])] = _decoded(row)
        identities = store.table("identities").select("id", "person_id")
        links = {
            str(row["id"]): str(row["person_id"])
            for row in to_arrow(identities).to_pylist()
            if row["person_id"] is not None
        }
        return cls(profiles, links)

    def person_id(self, person: str) -> str:
        return self.identities.get(person, person)

    def profile(self, person: str) -> dict[str, Any] | None:
        return self.profiles.get(self.person_id(person))


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column, value in row.items():
        if column in JSON_COLUMNS:
            out[column] = json.loads(value) if value else None
        elif isinstance(value, datetime):
            out[column] = value.isoformat()
        else:
            out[column] = value
    return out
