"""The precomputed state the read API serves from: profiles by key and a fitted recommender.

Built once per process (at start-up by `journeymap serve`, else on the first read), then read
without touching the store. A state older than `max_age` seconds is rebuilt in a background
thread while the old one keeps serving, so new profiles (`journeymap profiles`) and new
interactions reach the API without a restart and no request waits for the rebuild.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.api.recommendation_source import RecommendationSource, fit_source
from journeymap.api.strategy_source import strategy_source
from journeymap.model.journey import JourneyMap
from journeymap.personalize.catalog import Catalog
from journeymap.service.map_files import map_files
from journeymap.service.profile_snapshot import ProfileSnapshot
from journeymap.service.read_store import ReadStore, StoreUnavailableError
from journeymap.service.settings import ServiceSettings

if TYPE_CHECKING:
    from journeymap.store import Store

log = logging.getLogger("journeymap.api")


@dataclass(frozen=True)
class Precomputed:
    profiles: ProfileSnapshot
    source: RecommendationSource
    built_at: float


def load_journeys(folder: Path | None) -> dict[str, JourneyMap]:
    """The valid maps of the folder by map id (invalid ones are skipped: `/validate` says why)."""
    from journeymap.model import MapError, load_map

    journeys: dict[str, JourneyMap] = {}
    for found in map_files(folder):
        try:
            journey = load_map(found.path)
        except (MapError, OSError):
            continue
        journeys[journey.id] = journey
    return journeys


def _catalog(folder: Path | None) -> Catalog:
    from journeymap.personalize.catalog import CatalogError, load_catalog

    if folder is None:
        return Catalog()
    try:
        return load_catalog(folder)
    except CatalogError as error:
        log.error("content catalog not loaded", extra={"error": str(error)})
        return Catalog()


MAX_AGE_SECONDS = 300.0
EXPORTED_MAX_AGE_SECONDS = 5.0
"""How often a process serving an exported state looks for a newer file."""


def build_state(settings: ServiceSettings, store: Store) -> Precomputed:
    """Profiles and the recommendation source from the store."""
    started = time.perf_counter()
    journeys = load_journeys(settings.maps)
    profiles = ProfileSnapshot.of(store)
    source = _source(settings, store, journeys)
    log.info(
        "read state built",
        extra={
            "profiles": len(profiles.profiles),
            "ms": round((time.perf_counter() - started) * 1000),
        },
    )
    return Precomputed(profiles, source, time.time())


def _source(
    settings: ServiceSettings, store: Store, journeys: dict[str, JourneyMap]
) -> RecommendationSource:
    """The per-stage strategies' serving state when the workspace has prepared one (see
    `api.strategy_source`), else the default recommender fitted on the store now."""
    if settings.serving_state is not None:
        prepared = strategy_source(settings.serving_state, journeys)
        if prepared is not None:
            return prepared
    return fit_source(store, _catalog(settings.content), journeys)


class ReadState:
    def __init__(self, settings: ServiceSettings, *, max_age: float = MAX_AGE_SECONDS) -> None:
        self.settings = settings
        self.max_age = max_age if settings.read_state is None else EXPORTED_MAX_AGE_SECONDS
        self.store = ReadStore(settings.store_url)
        self._current: Precomputed | None = None
        self._refreshing = False
        self._lock = threading.Lock()
        self._exported_at: int | None = None

    def build(self) -> Precomputed:
        if self.settings.read_state is not None:
            return self._exported(self.settings.read_state)
        with self.store.open() as store:
            return build_state(self.settings, store)

    def _exported(self, path: Path) -> Precomputed:
        """The exported state, read again only when the file changed (unpickling holds the GIL
        the requests need)."""
        try:
            changed = path.stat().st_mtime_ns
        except OSError:
            changed = None
        current = self._current
        if current is not None and changed is not None and changed == self._exported_at:
            return Precomputed(current.profiles, current.source, time.time())
        state = load_exported(path)
        self._exported_at = changed
        return state

    def current(self) -> Precomputed:
        """The state, built on first use (raises `StoreUnavailableError` when it cannot be);
        a stale one starts a rebuild in the background and is served meanwhile."""
        with self._lock:
            if self._current is None:
                self._current = self.build()
            self._refresh_if_stale(self._current)
            return self._current

    def built(self) -> Precomputed | None:
        """The state if it is built, else None; never waits (for async routes: the event loop
        must not block on a build, which `current()` does on first use)."""
        state = self._current
        if state is not None and time.time() - state.built_at > self.max_age:
            with self._lock:
                self._refresh_if_stale(state)
        return state

    async def get(self) -> Precomputed:
        """The state from an async route: at once when built, else built in a worker thread."""
        from starlette.concurrency import run_in_threadpool

        state = self.built()
        return state if state is not None else await run_in_threadpool(self.current)

    def _refresh_if_stale(self, state: Precomputed) -> None:
        """Start one background rebuild of a stale state (call with the lock held)."""
        if time.time() - state.built_at > self.max_age and not self._refreshing:
            self._refreshing = True
            threading.Thread(target=self._refresh, name="journeymap-read-state").start()

    def _refresh(self) -> None:
        try:
            fresh = self.build()
        except Exception as error:  # keep serving the old state; the next request retries
            log.error("read state not rebuilt", extra={"error": str(error)})
            fresh = None
        with self._lock:
            if fresh is not None:
                self._current = fresh
            self._refreshing = False


def export_state(settings: ServiceSettings, store: Store, target: Path) -> None:
    """Build the read state from `store` and write it to `target` (atomically: a reader sees
    the old file or the new one). The file is a pickle: keep it where the keys file is, in the
    workspace's `.journeymap` folder, which only the server's user may write."""
    import os
    import pickle
    import tempfile

    state = build_state(settings, store)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as file:
        pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)
    Path(name).replace(target)


def load_exported(path: Path) -> Precomputed:
    """The state `export_state` wrote; `StoreUnavailableError` (503) before the first export."""
    import gc
    import pickle

    try:
        data = path.read_bytes()
    except OSError:
        raise StoreUnavailableError(f"the read state {path} is not exported yet") from None
    state = pickle.loads(data)  # noqa: S301 - our own file, written by export_state
    if not isinstance(state, Precomputed):
        raise StoreUnavailableError(f"{path} is not a read state")
    gc.freeze()  # full collections need not walk the state's objects again
    return Precomputed(state.profiles, state.source, time.time())
