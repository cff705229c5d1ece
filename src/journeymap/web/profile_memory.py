"""The profiles the customer 360 built alone, kept in the web process: on a store whose
profiles were never computed for the map, building one visitor's profile reads every event for
the population's parts (some 5 s at a million events), so a repeat visit to the same customer
takes it from here instead.

Kept per store contents, map and content folder (the key of the shared serving part,
`serving_source.contents_key`) and person: a new ingest changes the key, so her profile is
built again from the new events. The least recently used are dropped beyond `KEPT`. Stored
profiles (`journeymap profiles` ran for the map) are read from the store as before, never kept.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journeymap.model import JourneyMap
    from journeymap.model.workspace import Workspace
    from journeymap.personalize.profile_build import ProfileInputs
    from journeymap.personalize.profile_one import OneProfile
    from journeymap.store import Store

KEPT = 256
"""Profiles built alone kept (a few kilobytes each)."""
_kept: OrderedDict[tuple[str, ...], dict[str, Any] | None] = OrderedDict()
_lock = threading.Lock()  # pages run in a pool of threads


def kept_profile(
    store: Store, workspace: Workspace, journey: JourneyMap, inputs: ProfileInputs, person_id: str
) -> OneProfile:
    """`profile_of`, with the profiles built alone remembered (see the module docstring)."""
    from journeymap.personalize.profile_one import build_one, profile_of
    from journeymap.web.serving_source import contents_key

    def remembered(store: Store, inputs: ProfileInputs, person_id: str) -> dict[str, Any] | None:
        key = (*contents_key(workspace, store, journey), person_id)
        with _lock:
            if key in _kept:
                _kept.move_to_end(key)
                return copy.deepcopy(_kept[key])  # the caller may change hers
        profile = build_one(store, inputs, person_id)
        with _lock:
            _kept[key] = copy.deepcopy(profile)
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
        return profile

    return profile_of(store, inputs, person_id, build=remembered)
