"""Where the runner reads a person's profile: the store's `profiles` table (traits decoded),
or any mapping (tests, other stores)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from journeymap.store import Store

Profile = Mapping[str, Any]


class Profiles(Protocol):
    def get(self, person_id: str) -> Profile | None: ...

    def all(self) -> Iterator[Profile]:
        """Every profile (for date entries such as birthdays)."""
        ...


def decode(row: Mapping[str, Any]) -> dict[str, Any]:
    profile = dict(row)
    for column in ("traits", "send_hours", "interests", "stage_history"):
        value = profile.get(column)
        if isinstance(value, str):
            try:
                profile[column] = json.loads(value)
            except ValueError:
                profile[column] = None
    return profile


class StoreProfiles:
    """Profiles as the last `journeymap profiles` run wrote them."""

    def __init__(self, store: Store) -> None:
        self.db = store.duckdb

    def get(self, person_id: str) -> Profile | None:
        cursor = self.db.execute("SELECT * FROM profiles WHERE person_id = ?", [person_id])
        row = cursor.fetchone()
        if row is None:
            return None
        names = [column[0] for column in cursor.description or []]
        return decode(dict(zip(names, row, strict=True)))

    def all(self) -> Iterator[Profile]:
        cursor = self.db.execute("SELECT * FROM profiles ORDER BY person_id")
        names = [column[0] for column in cursor.description or []]
        for row in cursor.fetchall():
            yield decode(dict(zip(names, row, strict=True)))


class MemoryProfiles:
    """Profiles held in a dict (person id -> profile)."""

    def __init__(self, profiles: Mapping[str, Profile] | None = None) -> None:
        self.profiles: dict[str, Profile] = dict(profiles or {})

    def get(self, person_id: str) -> Profile | None:
        return self.profiles.get(person_id)

    def all(self) -> Iterator[Profile]:
        for person_id in sorted(self.profiles):
            yield {"person_id": person_id, **self.profiles[person_id]}
