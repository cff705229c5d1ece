"""Recommendations for the customer 360 and personalization pages: the prepared serving state
(`journeymap recommend --prepare` writes `.journeymap/serving.json`) when there is one for the
map, written after the latest event was received; else the one person's, computed now from
the store (`one_person`: the shared part, models and popular lists, is computed once per store
contents and kept; each person's candidates are asked of it on her visit, in milliseconds,
instead of preparing every customer's)."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from pathlib import Path

    from journeymap.model import JourneyMap
    from journeymap.model.persona import Persona
    from journeymap.model.workspace import Workspace
    from journeymap.personalize.profile_one import OneProfile
    from journeymap.personalize.strategies import ServingState
    from journeymap.personalize.strategies.one_person import SharedServing
    from journeymap.store import Store

CACHED = 4
"""Shared serving parts kept (per workspace, map and store contents): computing one takes
seconds (some 15 s at a million events)."""
_computed: dict[tuple[str, ...], SharedServing] = {}
_lock = threading.Lock()  # pages run in a pool of threads

TYPICAL = "\x00persona"
"""The id of a persona's typical profile in a copy of the state (no real id has a NUL)."""


@dataclass(frozen=True)
class Serving:
    state: ServingState | None
    """The prepared state of everyone, or the computed one without persons (its policies,
    items and popular lists)."""
    prepared: bool
    """From the workspace's serving file (else computed now)."""
    problem: str | None = None
    """Why there is no state, in the UI language."""
    shared: SharedServing | None = None
    """What a person's state is computed from (when not prepared)."""

    def for_person(
        self, store: Store, person_id: str, profile: OneProfile | None = None
    ) -> ServingState | None:
        """A state that knows `person_id`: the prepared one, else hers computed now (from
        `profile` when the caller read or built it already)."""
        from journeymap.personalize.strategies.one_person import person_serving

        if self.shared is None:
            return self.state
        return person_serving(store, self.shared, person_id, profile)


def serving_for(workspace: Workspace, store: Store, journey: JourneyMap) -> Serving:
    from journeymap.model import MapError
    from journeymap.personalize.catalog import content_folder, load_catalog
    from journeymap.personalize.strategies import ServingError, load_policies, load_state
    from journeymap.personalize.strategies.one_person import prepare_shared
    from journeymap.personalize.strategies.policy_file import policy_for
    from journeymap.personalize.strategies.prepare import STATE_FILE
    from journeymap.personalize.strategies.serving import PolicyStageError

    path = workspace.root / STATE_FILE
    if path.is_file() and not _older_than_events(path, store):
        try:
            state = load_state(path)
        except ServingError:
            state = None
        if state is not None and state.map_id in (None, journey.id):
            return Serving(state, prepared=True)
    key = contents_key(workspace, store, journey)
    with _lock:
        cached = _computed.get(key)
    if cached is not None:
        return Serving(cached.state, prepared=False, shared=cached)
    try:
        catalog = load_catalog(workspace)
        policies = load_policies(content_folder(workspace))
        policy = policy_for(policies, journey.id, journey.personalization)
        shared = prepare_shared(
            store,
            journey=journey,
            catalog=catalog,
            policy=policy,
            language=workspace.config.language or "en",
        )
    except (MapError, PolicyStageError) as error:
        return Serving(None, prepared=False, problem=str(error))
    except ServingError:
        return Serving(None, prepared=False, problem=_("the store has no events that name an item"))
    with _lock:
        while len(_computed) >= CACHED:
            del _computed[next(iter(_computed))]
        _computed[key] = shared
    return Serving(shared.state, prepared=False, shared=shared)


def _older_than_events(path: Path, store: Store) -> bool:
    """Whether events were received after the serving file was written (it is stale then:
    the customer's recommendations are computed instead, until `--prepare` runs again)."""
    import datetime as dt

    from journeymap.store.arrow import to_scalar

    latest = to_scalar(store.events().received_at.max())
    written = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(tzinfo=None)
    return latest is not None and bool(latest > written)


def contents_key(workspace: Workspace, store: Store, journey: JourneyMap) -> tuple[str, ...]:
    """What a computed state depends on: the store's events (count and latest time), the map
    and the content folder's files (their times of change)."""
    import hashlib

    from journeymap.personalize.catalog import content_folder

    events = store.events()
    found = events.aggregate(n=events.count(), last=events.timestamp.max()).to_pyarrow()
    row = found.to_pylist()[0]
    folder = content_folder(workspace)
    files = sorted(folder.rglob("*")) if folder.is_dir() else []
    content = ";".join(f"{f.name}:{f.stat().st_mtime_ns}" for f in files if f.is_file())
    design = hashlib.sha256(journey.model_dump_json().encode()).hexdigest()
    return (str(workspace.root), journey.id, design, str(row["n"]), str(row["last"]), content)


def recommend(
    state: ServingState, person_id: str, *, stage: str | None, language: str, n: int = 5
) -> list[dict[str, Any]]:
    """The person's top `n` at `stage` (None: hers) with reasons in `language`; none for a
    person the state does not know."""
    from journeymap.personalize.strategies import UnknownPersonError, UnknownStageError, serve

    try:
        served = serve(state, person_id, n, stage, language=language)
    except (UnknownPersonError, UnknownStageError):
        return []
    return [
        {
            "rank": rank,
            "item": item.item_id,
            "title": item.title,
            "score": item.score,
            "reason": item.reason.kind,
            "reason_text": item.reason_text,
        }
        for rank, item in enumerate(served, start=1)
    ]


def with_persona(state: ServingState, persona: Persona, stage: str) -> ServingState:
    """A copy of the state that also knows the persona's typical profile: a new customer at
    `stage` using her first device, with no items of her own."""
    from journeymap.personalize.strategies.facts import PersonFacts

    facts = PersonFacts(stage=stage or None, device=persona.devices[0] if persona.devices else None)
    return dataclasses.replace(
        state,
        persons={**state.persons, TYPICAL: facts},
        candidates={**state.candidates, TYPICAL: {}},
    )
