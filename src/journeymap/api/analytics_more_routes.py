"""More of `journeymap analyze ...` in JSON: repeat purchases, segment comparison, the map's
KPIs and barriers, with the commands' options (and the scope every analysis takes: `map`,
`since`, `until`, `segment`, see `analytics_query.Scope`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Query

from journeymap.api.analytics_query import (
    Scope,
    ScopeDep,
    analytics_errors,
    analytics_router,
    dated_events,
    journey_of,
    json_safe,
    optional_journey,
    scoped_events,
    segment_of,
)
from journeymap.api.deps import ReadKey, ServiceDep
from journeymap.api.errors import ApiError
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    import ibis

    from journeymap.analytics.kpi_effect import EffectLookup
    from journeymap.model import JourneyMap
    from journeymap.model.workspace import Workspace
    from journeymap.store import Store

router = analytics_router()
Alpha = Annotated[float, Query(gt=0, lt=1, description="False discovery rate of the tests.")]
RepeatBy = Annotated[
    Literal["orders", "days"],
    Query(description="What one purchase is: each purchase event, or a person's UTC day."),
]


def _require_event(events: ibis.Table, name: str, field: str) -> None:
    """422 naming the field when no event has this name (as the commands refuse it)."""
    from journeymap.analytics.steps import available_names, closest

    known = available_names(events, "event")
    if name not in known:
        message = _("no event named {name!r} ({option})", name=name, option=field)
        raise ApiError(422, "unknown_name", message, field, closest=closest(name, known))


def _required_map(query: Scope) -> str:
    if query.map is None:
        raise ApiError(422, "missing_map", _("this analysis needs a map: add ?map=NAME"), "map")
    return query.map


@router.get(
    "/repeat", summary="Repeat-purchase rate and time between purchases (as `analyze repeat`)"
)
def repeat(
    *,
    service: ServiceDep,
    _key: ReadKey,
    query: ScopeDep,
    purchase: Annotated[str, Query(description="Purchase event name.")],
    repeat_by: RepeatBy = "orders",
    alpha: Alpha = 0.05,
) -> dict[str, Any]:
    from journeymap.analytics.retention import repeat_purchase
    from journeymap.analytics.retention_segments import repeat_by_segment

    journey = optional_journey(service, query)
    by = segment_of(query.segment)
    with scoped_events(service, query, journey) as events, analytics_errors("purchase"):
        _require_event(events, purchase, "purchase")
        if by is not None:
            segmented = repeat_by_segment(events, purchase, by, alpha=alpha, repeat_by=repeat_by)
            return dict(json_safe(segmented.as_dict()))
        return dict(json_safe(repeat_purchase(events, purchase, by=repeat_by).as_dict()))


@router.get("/segments", summary="Conversion across segments, with tests (as `analyze segments`)")
def segments(
    *,
    service: ServiceDep,
    _key: ReadKey,
    query: ScopeDep,
    conversion: Annotated[str, Query(description="Conversion event name.")],
    start: Annotated[str | None, Query(description="Start event (default: any first).")] = None,
    window: Annotated[
        str | None, Query(description="The conversion must follow within, e.g. 7d.")
    ] = None,
    alpha: Alpha = 0.05,
) -> dict[str, Any]:
    from journeymap.analytics.durations import parse_duration
    from journeymap.analytics.segments import compare_segments

    if query.segment is None:
        message = _("comparing segments needs a segmentation: add ?segment=trait:KEY")
        raise ApiError(422, "missing_segment", message, "segment")
    by = segment_of(query.segment)
    assert by is not None
    try:
        limit = parse_duration(window) if window else None
    except ValueError as error:
        raise ApiError(422, "invalid_query", str(error), "window") from None
    journey = optional_journey(service, query)
    with scoped_events(service, query, journey) as events, analytics_errors("conversion"):
        _require_event(events, conversion, "conversion")
        if start is not None:
            _require_event(events, start, "start")
        result = compare_segments(
            events, by, conversion, start_event=start, window=limit, alpha=alpha
        )
    return dict(json_safe(result.as_dict()))


@router.get("/kpis", summary="The map's KPIs against their targets (as `analyze kpis`)")
def kpis(
    *,
    service: ServiceDep,
    _key: ReadKey,
    query: ScopeDep,
    repeat_by: RepeatBy = "orders",
    alpha: Alpha = 0.05,
) -> dict[str, Any]:
    from journeymap.analytics.kpi import evaluate_kpis
    from journeymap.analytics.kpi_segments import kpis_by_segment
    from journeymap.api.map_lookup import map_file
    from journeymap.api.report_routes import workspace_costs
    from journeymap.model import MapError
    from journeymap.model.workspace import find_workspace

    name = _required_map(query)
    journey = journey_of(service, name)
    by = segment_of(query.segment)
    try:
        workspace = find_workspace(map_file(service.settings.maps, name, "map").path)
    except MapError:
        workspace = None
    with service.read.store.open() as store, analytics_errors("segment"):
        events = dated_events(store.events(), query)
        if by is not None:
            effects = _effects(journey, workspace, store)
            segmented = kpis_by_segment(
                events, journey, by, alpha=alpha, repeat_by=repeat_by, effects=effects
            )
            return dict(json_safe({"map": journey.id, **segmented.as_dict()}))
        costs = workspace_costs(store, workspace)
        effects = _effects(journey, workspace, store)
        results = evaluate_kpis(events, journey, repeat_by=repeat_by, costs=costs, effects=effects)
    return dict(json_safe({"map": journey.id, "kpis": [r.as_dict() for r in results]}))


def _effects(journey: JourneyMap, workspace: Workspace | None, store: Store) -> EffectLookup | None:
    """What `effect(CHAIN[, MARKER])` KPIs read, as `analyze kpis` passes it: the chains of the
    map's workspace (none when they do not load) and their runs in the store (a Spark store's
    in the workspace's side file)."""
    from journeymap.api.report_routes import loadable_chains
    from journeymap.model.measure_syntax import measure_function
    from journeymap.orchestrate.kpi_effects import effect_lookup

    kpis = [kpi for stage in journey.stages for kpi in stage.kpis]
    if not any(measure_function(kpi.measure or "") == "effect" for kpi in kpis):
        return None
    root = workspace.root if workspace else None
    chains = loadable_chains(workspace)
    return effect_lookup(store, chains, maps={journey.id: journey}, workspace=root)


@router.get("/barriers", summary="Drop-off, exits, slow stages and loops (as `analyze barriers`)")
def barriers(
    *,
    service: ServiceDep,
    _key: ReadKey,
    query: ScopeDep,
    min_persons: Annotated[int, Query(ge=1, description="Ignore places with fewer persons.")] = 10,
    alpha: Alpha = 0.05,
) -> dict[str, Any]:
    from journeymap.analytics.barriers import detect_barriers

    journey = journey_of(service, _required_map(query))
    by = segment_of(query.segment)
    with service.read.store.open() as store, analytics_errors("segment"):
        events = dated_events(store.events(), query)
        report = detect_barriers(events, journey, segment=by, alpha=alpha, min_persons=min_persons)
    return dict(json_safe({"map": journey.id, **report.as_dict()}))
