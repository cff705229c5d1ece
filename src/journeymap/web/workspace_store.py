"""The workspace's store for the analytics pages (read only), and its events bound to a map."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import HTTPException, Request

from journeymap.model import JourneyMap, MapError, load_document
from journeymap.store import Store, StoreError
from journeymap.web.visit import state_of

if TYPE_CHECKING:
    import ibis


def open_store(request: Request) -> Store:
    """The workspace's store; an empty one in memory while nothing was ingested yet, 503 when
    it cannot be opened (another process holds the DuckDB file's write lock)."""
    workspace = state_of(request).workspace()
    url = workspace.store_url
    try:
        if url.startswith("duckdb://"):
            file = url.removeprefix("duckdb://").partition("?")[0]
            if file != ":memory:" and not Path(file).is_file():
                return Store.open("duckdb://:memory:")
        return Store.open(workspace)
    except StoreError as error:
        raise HTTPException(503, str(error)) from None


def load_journey(path: Path) -> JourneyMap:
    """The map of a page; 422 with the map's own error when it does not load."""
    try:
        return load_document(path).model
    except MapError as error:
        raise HTTPException(422, str(error)) from None


def bound_events(store: Store, journey: JourneyMap) -> ibis.Table:
    """The store's events with the touchpoint and stage each binds to on `journey`."""
    from journeymap.analytics.bind import bind_events

    return bind_events(store.events(), journey)


def event_names(events: ibis.Table) -> list[str]:
    from journeymap.analytics.steps import available_names

    return available_names(events, "event")
