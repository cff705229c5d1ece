"""`prepare_serving`: serving state from a store (events and profiles), a map and a catalog.

Run it once after new events (`journeymap recommend --prepare`); `serve` then reads only the
state. Profiles are brought up to date first (incrementally: only persons with new events are
recomputed; everyone on the first run for the map), so each person's stage is current.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from journeymap.i18n import gettext as _
from journeymap.personalize.strategies.policy import MapPolicy
from journeymap.personalize.strategies.serving import (
    ServingError,
    ServingState,
    build_state,
    save_state,
)

if TYPE_CHECKING:
    from journeymap.model import JourneyMap
    from journeymap.personalize.catalog import Catalog
    from journeymap.store import Store

STATE_FILE: Final = Path(".journeymap") / "serving.json"
"""Where the CLI keeps the serving state, relative to the workspace root."""


def prepare_serving(
    store: Store,
    *,
    journey: JourneyMap | None = None,
    catalog: Catalog | None = None,
    policy: MapPolicy | None = None,
    language: str = "en",
    path: str | Path | None = None,
    day: dt.date | None = None,
) -> ServingState:
    """Build the serving state from the store (and write it to `path` when given). Raises
    `ServingError` when the store has no events that name an item."""
    from journeymap.personalize.interactions import read_interactions
    from journeymap.personalize.profile_build import ProfileInputs
    from journeymap.personalize.profile_store import update_profiles
    from journeymap.store.arrow import to_arrow

    interactions = read_interactions(store)
    if interactions.empty:
        raise ServingError(_("the store has no events that name an item, so nothing to recommend"))
    categories = catalog.categories() if catalog is not None else None
    inputs = ProfileInputs(journey=journey, persons=store.table("persons"), categories=categories)
    update_profiles(store, inputs, incremental=True)  # stages as of the latest events
    profiles: list[dict[str, Any]] = to_arrow(store.table("profiles")).to_pylist()
    state = build_state(
        interactions,
        profiles,
        catalog=catalog,
        journey=journey,
        policy=policy,
        language=language,
        day=day,
    )
    if path is not None:
        save_state(state, path)
    return state
