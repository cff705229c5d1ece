"""Serving one person without preparing everyone: what the customer 360 and the
personalization preview need when no prepared serving state (`journeymap recommend --prepare`)
is at hand.

`prepare_shared(store, ...)` does once, per store contents, what does not depend on the person:
it reads the interactions, counts the popular lists, fits the models (item-kNN, co-visitation)
and the bought-together matrix. `person_serving(store, shared, person_id)` then makes a serving
state that knows that one person only: her facts, her candidates of every source, asked of the
fitted models. `serve` on it gives what `serve` on the state of everyone (`prepare_serving`)
gives her: the same code computes both, only the persons differ.

Profiles: when the map's profiles were computed (`journeymap profiles`), `prepare_shared` brings
them up to date (incrementally) and the popular lists of groups read their region and segment;
when they never were, it builds nobody's: the groups come from the events and the persons table
(`profile_one.group_rows`, the same values a full run would store) and each person's facts from
her profile built for her alone (`profile_one.profile_of`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from journeymap.i18n import gettext as _
from journeymap.personalize.strategies.candidates import (
    BoughtTogether,
    ModelSource,
    fit_models,
    recommended_lists,
)
from journeymap.personalize.strategies.facts import person_facts
from journeymap.personalize.strategies.serving import (
    CANDIDATES,
    ServingError,
    ServingState,
    base_state,
    own_candidates,
)

if TYPE_CHECKING:
    import pandas as pd

    from journeymap.model import JourneyMap
    from journeymap.personalize.catalog import Catalog
    from journeymap.personalize.profile_build import ProfileInputs
    from journeymap.personalize.profile_one import OneProfile
    from journeymap.personalize.strategies.policy import MapPolicy
    from journeymap.store import Store

GROUP_COLUMNS = ("person_id", "segment", "traits")
"""The profile columns the popular lists of groups read (region and segment)."""


@dataclass(frozen=True)
class SharedServing:
    """What serving any one person needs, computed once (see the module docstring)."""

    state: ServingState
    """The state without persons: policies, items, popular lists."""
    interactions: pd.DataFrame
    """Sorted by person (stable: each person's rows keep their order)."""
    persons: np.ndarray
    """The `person` column of `interactions` as text, for slicing one person's rows."""
    models: list[ModelSource]
    together: BoughtTogether
    catalog: Catalog
    limit: int
    journey: JourneyMap | None = None
    """The map profiles are computed for (a person's profile built alone needs it)."""

    def person_state(self, person_id: str, profile: dict[str, Any] | None) -> ServingState:
        """A state that knows her (and nobody else) from her stored profile row, if any, and
        her interactions; one that knows nobody when she has neither."""
        start = int(np.searchsorted(self.persons, person_id, side="left"))
        end = int(np.searchsorted(self.persons, person_id, side="right"))
        mine = self.interactions.iloc[start:end]
        facts = person_facts(mine, [profile] if profile is not None else []).get(person_id)
        if facts is None:
            return self.state
        per_source = recommended_lists(self.models, [person_id], self.limit)
        per_source["bought_together"] = {person_id: self.together.of(person_id, self.limit)}
        candidates = own_candidates(person_id, facts, per_source, self.catalog, self.limit)
        return dataclasses.replace(
            self.state, persons={person_id: facts}, candidates={person_id: candidates}
        )


def prepare_shared(
    store: Store,
    *,
    journey: JourneyMap | None = None,
    catalog: Catalog | None = None,
    policy: MapPolicy | None = None,
    language: str = "en",
    day: dt.date | None = None,
    limit: int = CANDIDATES,
) -> SharedServing:
    """The shared part of serving from the store (profiles are brought up to date first, as
    `prepare_serving` does). Raises `ServingError` when no event names an item."""
    from journeymap.personalize.interactions import read_interactions
    from journeymap.personalize.profile_one import group_rows
    from journeymap.personalize.profile_store import has_run, update_profiles
    from journeymap.store.arrow import to_arrow

    interactions = read_interactions(store)
    if interactions.empty:
        raise ServingError(_("the store has no events that name an item, so nothing to recommend"))
    inputs = profile_inputs(store, journey, catalog)
    map_id = journey.id if journey is not None else None
    if not has_run(store, map_id):
        # never computed for the map: everyone's build takes minutes at a million events,
        # the groups need only each person's segment and traits
        profiles = group_rows(store, inputs.settings)
    else:
        if not _profiles_current(store, map_id):
            update_profiles(store, inputs, incremental=True)  # stages as of the latest events
        profiles = to_arrow(store.table("profiles").select(*GROUP_COLUMNS)).to_pylist()
    shared = shared_serving(
        interactions,
        profiles,
        catalog=catalog,
        journey=journey,
        policy=policy,
        language=language,
        day=day,
        limit=limit,
    )
    return dataclasses.replace(shared, journey=journey)


def profile_inputs(
    store: Store, journey: JourneyMap | None, catalog: Catalog | None
) -> ProfileInputs:
    """What the map's profiles are computed from (as `journeymap profiles` computes them)."""
    from journeymap.personalize.profile_build import ProfileInputs

    categories = catalog.categories() if catalog is not None else None
    return ProfileInputs(journey=journey, persons=store.table("persons"), categories=categories)


def _profiles_current(store: Store, map_id: str | None) -> bool:
    """Whether the map's profiles already saw every event received: an incremental update
    would then change no row, yet it reads every event for the population's parts (some
    seconds at a million events)."""
    from journeymap.personalize.profile_store import last_watermark
    from journeymap.store.arrow import to_scalar

    seen = last_watermark(store, map_id)
    latest = to_scalar(store.events().received_at.max())
    return seen is not None and latest is not None and latest <= seen


def shared_serving(
    interactions: pd.DataFrame,
    profiles: list[dict[str, Any]],
    *,
    catalog: Catalog | None = None,
    journey: JourneyMap | None = None,
    policy: MapPolicy | None = None,
    language: str = "en",
    day: dt.date | None = None,
    limit: int = CANDIDATES,
) -> SharedServing:
    """The shared part from interactions and profile rows (only their `GROUP_COLUMNS` are
    read), as `build_state` takes them."""
    from journeymap.personalize.catalog import Catalog

    if interactions.empty:
        raise ServingError(_("no interactions to prepare serving from (is the store empty?)"))
    catalog = catalog if catalog is not None else Catalog()
    groups = person_facts(interactions.iloc[:0], profiles)
    state = base_state(
        interactions,
        groups,
        catalog=catalog,
        journey=journey,
        policy=policy,
        language=language,
        day=day,
        limit=limit,
    )
    by_person = interactions.assign(person=interactions["person"].astype(str))
    by_person = by_person.sort_values("person", kind="stable", ignore_index=True)
    return SharedServing(
        state=state,
        interactions=by_person,
        persons=by_person["person"].to_numpy(),
        models=fit_models(interactions),
        together=BoughtTogether(interactions),
        catalog=catalog,
        limit=limit,
    )


def person_serving(
    store: Store, shared: SharedServing, person_id: str, profile: OneProfile | None = None
) -> ServingState:
    """The serving state of one person of the store (see `SharedServing.person_state`), from
    `profile` when the caller has it, else from `profile_of` (her stored profile, or hers built
    alone when the map has no stored profiles)."""
    from journeymap.personalize.profile_one import profile_of

    if profile is None:
        inputs = profile_inputs(store, shared.journey, shared.catalog)
        profile = profile_of(store, inputs, person_id)
    return shared.person_state(person_id, profile.profile)


def serving_of_one(
    store: Store,
    person_id: str,
    *,
    journey: JourneyMap | None = None,
    catalog: Catalog | None = None,
    policy: MapPolicy | None = None,
    language: str = "en",
    day: dt.date | None = None,
) -> ServingState:
    """The serving state of one person straight from the store (`prepare_shared`, then
    `person_serving`): what `journeymap recommend PERSON` answers from when no serving state
    was prepared, instead of preparing everyone's; `serve` on it gives her what it gives her
    on `prepare_serving`'s state. Nothing is written (no state file, no profiles). Raises
    `ServingError` when no event names an item."""
    shared = prepare_shared(
        store, journey=journey, catalog=catalog, policy=policy, language=language, day=day
    )
    return person_serving(store, shared, person_id)
