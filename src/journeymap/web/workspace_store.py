"""The workspace's store for the analytics pages (read only), and its events bound to a map."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, HTTPException, Request

from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap, MapError, load_document
from journeymap.store import Store, StoreError
from journeymap.web.maps_access import map_path
from journeymap.web.visit import signed_in, state_of

if TYPE_CHECKING:
    import ibis


def workspace_store(request: Request) -> Store:
    """The workspace's store; an empty one in memory while nothing was ingested yet.
    `StoreError` when it cannot be opened (another process holds the DuckDB file's write lock)."""
    workspace = state_of(request).workspace()
    url = workspace.store_url
    if url.startswith("duckdb://"):
        file = url.removeprefix("duckdb://").partition("?")[0]
        if file != ":memory:" and not Path(file).is_file():
            return Store.open("duckdb://:memory:")
    return Store.open(workspace)


def open_store(request: Request) -> Store:
    """`workspace_store` for a page: 503 when the store cannot be opened."""
    try:
        return workspace_store(request)
    except StoreError as error:
        raise HTTPException(503, str(error)) from None


def load_journey(path: Path) -> JourneyMap:
    """The map of a page; 422 with the map's own error when it does not load."""
    try:
        return load_document(path).model
    except MapError as error:
        raise HTTPException(422, str(error)) from None


def signed_in_journey(request: Request, key: str) -> JourneyMap:
    """The map of a map's page: 401 without a user first, then 404 or the map's 422."""
    signed_in(request)
    return load_journey(map_path(request, key))


PageJourney = Annotated[JourneyMap, Depends(signed_in_journey)]
"""The map of the page's `{key}`, for a signed-in user (a dependency of the map pages)."""


def scoped(events: ibis.Table, since: str, until: str, only: str) -> ibis.Table:
    """The events of the days `since`..`until` (YYYY-MM-DD, either may be empty) of the persons
    in segment `only` (`channel=web`, `trait:plan=pro`; empty: everyone), as the report scopes
    them (`report.scope`). Raises ValueError, in the UI language, for a bad date or filter."""
    import datetime as dt

    from journeymap.report.scope import SegmentFilter, scoped_events

    try:
        start = dt.date.fromisoformat(since) if since else None
        end = dt.date.fromisoformat(until) if until else None
    except ValueError:
        raise ValueError(_("dates are YYYY-MM-DD, e.g. 2026-03-01")) from None
    if start is not None and end is not None and start > end:
        raise ValueError(_("the first day is after the last; swap them"))
    segment = SegmentFilter.parse(only) if only else None
    return scoped_events(events, segment=segment, start=start, end=end)


def event_names(events: ibis.Table) -> list[str]:
    from journeymap.analytics.steps import available_names

    return available_names(events, "event")
