"""Finding customers by any of their ids or by a trait value (an e-mail, a phone, a city), and
one customer's record: what the customer 360 page starts from."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from journeymap.personalize.profile_store import resolve_person
from journeymap.store import to_arrow

if TYPE_CHECKING:
    from journeymap.store import Store

SCAN = 500
"""Persons whose traits mention the text at all, checked one by one for an exact value."""


def person_record(store: Store, person_id: str) -> dict[str, Any] | None:
    """The `persons` row of a person id: ids and traits decoded, or None."""
    persons = store.table("persons")
    rows = to_arrow(persons.filter(persons.person_id == person_id).limit(1)).to_pylist()
    return _decoded(rows[0]) if rows else None


def find_persons(store: Store, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Persons matching `text`: the one whose person id, user id or anonymous id it is, else
    those with a trait equal to it (case-insensitive; `key=value` names the trait)."""
    text = text.strip()
    if not text:
        return []
    found = resolve_person(store, text)
    if found is not None:
        record = person_record(store, found)
        return [record] if record is not None else []
    key, named, value = text.partition("=")
    wanted = (value if named else text).strip().lower()
    if not wanted:
        return []
    persons = store.table("persons")
    near = persons.filter(persons.traits.lower().contains(wanted)).order_by("person_id")
    matches = []
    for row in to_arrow(near.limit(SCAN)).to_pylist():
        record = _decoded(row)
        traits = record["traits"]
        keys = [key.strip()] if named else list(traits)
        if any(str(traits.get(k, "")).strip().lower() == wanted for k in keys):
            matches.append(record)
        if len(matches) >= limit:
            break
    return matches


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    traits = json.loads(row["traits"]) if row.get("traits") else {}
    ids = json.loads(row["ids"]) if row.get("ids") else []
    return {**row, "traits": traits if isinstance(traits, dict) else {}, "ids": ids}
