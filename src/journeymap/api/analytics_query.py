"""What every analytics endpoint shares: the events of a request (bound to a map, cut to a
date range), the segmentation, the errors of analytics as 4xx bodies, JSON-safe results."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from journeymap.api.deps import Service
from journeymap.api.errors import ApiError
from journeymap.api.language import language_query
from journeymap.api.map_lookup import load_journey, map_file
from journeymap.api.read_models import READ_ERRORS
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    import ibis

    from journeymap.analytics.segmentation import SegmentBy
    from journeymap.model.journey import JourneyMap


class Scope(BaseModel):
    """Query parameters every analysis takes."""

    map: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    segment: str | None = None


def scope(
    map: Annotated[
        str | None, Query(description="Bind events to this map first (touchpoint:/stage: names).")
    ] = None,
    since: Annotated[
        dt.date | None, Query(description="First day (UTC) of events, YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        dt.date | None, Query(description="Last day (UTC) of events, YYYY-MM-DD.")
    ] = None,
    segment: Annotated[
        str | None,
        Query(description="Segment persons: trait:KEY, property:KEY, channel or column:NAME."),
    ] = None,
) -> Scope:
    if since is not None and until is not None and since > until:
        raise ApiError(422, "invalid_range", _("since is after until; swap the dates"), "since")
    return Scope(map=map, since=since, until=until, segment=segment)


ScopeDep = Annotated[Scope, Depends(scope)]


def analytics_router() -> APIRouter:
    """A router of analytics endpoints: under `/v1/analytics`, tagged, answering in `?lang=`,
    with the read errors in the OpenAPI schema."""
    return APIRouter(
        prefix="/v1/analytics",
        tags=["analytics"],
        dependencies=[Depends(language_query)],
        responses=READ_ERRORS,
    )


def journey_of(service: Service, name: str) -> JourneyMap:
    """The map of the `map` parameter."""
    return load_journey(map_file(service.settings.maps, name, "map"), "map")


def optional_journey(service: Service, query: Scope) -> JourneyMap | None:
    """The map of the `map` parameter when there is one (events are then bound to it)."""
    return journey_of(service, query.map) if query.map else None


def segment_of(spec: str | None) -> SegmentBy | None:
    from journeymap.analytics.segmentation import SegmentBy

    if spec is None:
        return None
    try:
        return SegmentBy.parse(spec)
    except ValueError as error:
        raise ApiError(422, "invalid_segment", str(error), "segment") from None


@contextmanager
def scoped_events(
    service: Service, query: Scope, journey: JourneyMap | None
) -> Iterator[ibis.Table]:
    """The store's events for one request: bound to `journey`, within `since`..`until`."""
    from journeymap.analytics.bind import bind_events

    with service.read.store.open() as store:
        events = dated_events(store.events(), query)
        if journey is not None:
            events = bind_events(events, journey)
        yield events


def dated_events(events: ibis.Table, query: Scope) -> ibis.Table:
    """The events within `since`..`until` (days in UTC, both inclusive)."""
    if query.since is not None:
        start = dt.datetime.combine(query.since, dt.time())
        events = events.filter(events.timestamp >= start)
    if query.until is not None:
        end = dt.datetime.combine(query.until + dt.timedelta(days=1), dt.time())
        events = events.filter(events.timestamp < end)
    return events


@contextmanager
def analytics_errors(field: str) -> Iterator[None]:
    """Errors of the analytics as 4xx bodies naming the field to fix."""
    from journeymap.analytics.segment_split import UnknownSegmentKeyError
    from journeymap.analytics.steps import UnknownNameError

    try:
        yield
    except UnknownNameError as error:
        message = str(error).split("; closest")[0]
        raise ApiError(422, "unknown_name", message, field, closest=error.suggestions) from None
    except UnknownSegmentKeyError as error:
        message = str(error).split("; closest")[0]
        raise ApiError(
            422, "unknown_segment_key", message, "segment", closest=error.suggestions
        ) from None
    except ValueError as error:
        raise ApiError(422, "invalid_query", str(error), field) from None


def json_safe(data: Any) -> Any:
    """Dates as ISO text, NaN and infinities as null (JSON has neither)."""
    text = json.dumps(data, default=str, allow_nan=True)
    return json.loads(text, parse_constant=lambda _constant: None)
