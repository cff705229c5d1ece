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
from journeymap.service.read_store import ReadStore
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


class ReadState:
    def __init__(self, settings: ServiceSettings, *, max_age: float = MAX_AGE_SECONDS) -> None:
        self.settings = settings
        self.max_age = max_age
        self.store = ReadStore(settings.store_url)
        self._current: Precomputed | None = None
        self._refreshing = False
        self._lock = threading.Lock()

    def build(self) -> Precomputed:
        started = time.perf_counter()
        journeys = load_journeys(self.settings.maps)
        with self.store.open() as store:
            profiles = ProfileSnapshot.of(store)
            source = self._source(store, journeys)
        log.info(
            "read state built",
            extra={
                "profiles": len(profiles.profiles),
                "ms": round((time.perf_counter() - started) * 1000),
            },
        )
        return Precomputed(profiles, source, time.time())

    def _source(self, store: Store, journeys: dict[str, JourneyMap]) -> RecommendationSource:
        """The per-stage strategies' serving state when the workspace has prepared one (see
        `api.strategy_source`), else the default recommender fitted on the store now."""
        if self.settings.serving_state is not None:
            prepared = strategy_source(self.settings.serving_state, journeys)
            if prepared is not None:
                return prepared
        return fit_source(store, _catalog(self.settings.content), journeys)

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
