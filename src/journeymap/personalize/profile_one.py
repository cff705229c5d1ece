"""One person's profile without everyone's: what the customer 360 shows and serves from when the
store holds no profiles for the map yet.

`profile_of(store, inputs, person_id)` reads her row of the `profiles` table when the map's
profiles were computed (`journeymap profiles`), else builds hers alone now (`build_profiles`
scoped to her: the same code, so the same row as a full run would write, the population parts
- RFM scores, segment and everyone's send hours - still over every event). Nothing is written:
storing everyone's profiles stays the job of `journeymap profiles`.

`group_rows(store, settings)` gives what the popular lists of groups read of the profiles
(`person_id`, `segment`, `traits`) straight from the events and the persons table, for every
person with events, so those lists need no profiles either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from journeymap.personalize.profile_build import ProfileInputs
    from journeymap.personalize.profile_settings import ProfileSettings
    from journeymap.store import Store


@dataclass(frozen=True)
class OneProfile:
    profile: dict[str, Any] | None
    """Her profile row with its JSON columns decoded; None when she has no events."""
    stored: bool
    """Read from the `profiles` table (else built for her alone now)."""


def profile_of(
    store: Store,
    inputs: ProfileInputs,
    person_id: str,
    *,
    build: Callable[[Store, ProfileInputs, str], dict[str, Any] | None] | None = None,
) -> OneProfile:
    """Her stored profile when the map's profiles were computed, else hers built alone by
    `build` (default `build_one`; the web app passes one that remembers what it built)."""
    from journeymap.personalize.profile_store import has_run, load_profile

    map_id = inputs.journey.id if inputs.journey is not None else None
    if has_run(store, map_id):
        return OneProfile(load_profile(store, person_id), stored=True)
    return OneProfile((build or build_one)(store, inputs, person_id), stored=False)


def build_one(store: Store, inputs: ProfileInputs, person_id: str) -> dict[str, Any] | None:
    """Her profile computed now, as a full run would compute her row (not stored)."""
    import ibis

    from journeymap.personalize.profile_build import build_profiles
    from journeymap.personalize.profile_store import JSON_COLUMNS

    scope = ibis.memtable({"person": [person_id]})
    rows = build_profiles(store.events(), inputs, scope=scope).to_pylist()
    if not rows:
        return None
    profile: dict[str, Any] = rows[0]
    for column in JSON_COLUMNS:
        profile[column] = json.loads(profile[column]) if profile[column] else None
    return profile


def group_rows(store: Store, settings: ProfileSettings) -> list[dict[str, Any]]:
    """`person_id`, `segment` and `traits` (JSON text) of every person with events, as the
    profiles of a full run hold them (segment: the same segmentation as `build_profiles`)."""
    from journeymap.analytics.segmentation import NO_SEGMENT
    from journeymap.personalize.profile_build import person_segments
    from journeymap.store.arrow import to_arrow

    segments = person_segments(store.events(), settings)
    persons = store.table("persons").select(person_id="person_id", traits="traits")
    joined = segments.left_join(persons, segments.person == persons.person_id)
    rows = to_arrow(
        joined.select(person=joined.person, segment=joined.segment, traits=joined.traits)
    ).to_pylist()
    return [
        {
            "person_id": str(row["person"]),
            "segment": None if row["segment"] == NO_SEGMENT else row["segment"],
            "traits": row["traits"],
        }
        for row in rows
    ]
