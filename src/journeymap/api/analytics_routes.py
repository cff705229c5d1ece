"""Analytics of the store's events, as `journeymap analyze ...` computes them, in JSON.

Every endpoint takes `map`, `since`, `until` and `segment` (see `analytics_query.Scope`); the
analysis runs on the store (DuckDB or Spark) in a worker thread of the API process.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query

from journeymap.api.analytics_query import (
    ScopeDep,
    analytics_errors,
    analytics_router,
    journey_of,
    json_safe,
    optional_journey,
    scoped_events,
    segment_of,
)
from journeymap.api.deps import ReadKey, ServiceDep
from journeymap.api.errors import ApiError
from journeymap.api.funnel_query import funnel_options
from journeymap.i18n import gettext as _

router = analytics_router()
NodeBy = Literal["event", "touchpoint", "stage"]


@router.get("/funnel", summary="Conversion through ordered steps (as `analyze funnel`)")
def funnel(
    *,
    service: ServiceDep,
    _key: ReadKey,
    query: ScopeDep,
    steps: Annotated[
        list[str],
        Query(min_length=1, description="Steps: event names, touchpoint:ID or stage:ID; repeat."),
    ],
    window: Annotated[str, Query(description="Time from step 1 to the last step.")] = "14d",
    order: Annotated[Literal["ordered", "strict", "unordered"], Query()] = "ordered",
    exclude: Annotated[
        list[str] | None,
        Query(description="Events that disqualify a chain (as --exclude); repeat."),
    ] = None,
    optional: Annotated[
        list[int] | None,
        Query(description="1-based number of an optional step, 2 or more (as --optional)."),
    ] = None,
    breakdown: Annotated[
        str | None,
        Query(description="Split by a column, properties.KEY, traits.KEY, context.KEY or a key."),
    ] = None,
    attribution: Annotated[
        str,
        Query(description="Which step's value a breakdown takes: first_touch, last_touch, step:N."),
    ] = "first_touch",
    count: Annotated[
        Literal["persons", "conversions"],
        Query(description="Count persons, or every conversion of a person."),
    ] = "persons",
    alpha: Annotated[float, Query(gt=0, lt=1, description="FDR of the segment tests.")] = 0.05,
) -> dict[str, Any]:
    from journeymap.analytics.funnel import funnel as run_funnel
    from journeymap.analytics.funnel_segments import funnel_by_segment

    options = funnel_options(
        steps,
        window=window,
        order=order,
        exclude=exclude or [],
        optional=optional or [],
        breakdown=breakdown,
        attribution=attribution,
        count=count,
    )
    journey = optional_journey(service, query)
    by = segment_of(query.segment)
    with scoped_events(service, query, journey) as events, analytics_errors("steps"):
        if by is not None:
            segmented = funnel_by_segment(events, steps, by, alpha=alpha, **options)
            return dict(json_safe(segmented.as_dict()))
        result = run_funnel(events, steps, **options)
        data = result.to_dict()
        data["time_to_convert"] = result.time_to_convert()
    return dict(json_safe(data))


@router.get("/transitions", summary="The directly-follows graph (as `analyze transitions`)")
def transitions(
    *,
    service: ServiceDep,
    _key: ReadKey,
    query: ScopeDep,
    by: Annotated[
        NodeBy, Query(description="Nodes: event, touchpoint or stage (needs map).")
    ] = "event",
    session_gap: Annotated[str, Query(description="Split after this pause, or 'none'.")] = "30m",
    collapse_repeats: bool = False,
    out_of_core: Annotated[
        bool,
        Query(
            description="Median and p90 by sorting: for data larger than memory (as --out-of-core)."
        ),
    ] = False,
    alpha: Annotated[float, Query(gt=0, lt=1)] = 0.05,
) -> dict[str, Any]:
    from journeymap.analytics.transition_segments import transitions_by_segment
    from journeymap.analytics.transitions import transitions as run_transitions

    journey = optional_journey(service, query)
    segment = segment_of(query.segment)
    gap = None if session_gap.lower() == "none" else session_gap
    with scoped_events(service, query, journey) as events, analytics_errors("session_gap"):
        if segment is not None:
            segmented = transitions_by_segment(
                events,
                segment,
                node_by=by,
                session_gap=gap,
                collapse_repeats=collapse_repeats,
                alpha=alpha,
            )
            return dict(json_safe(segmented.as_dict()))
        table = run_transitions(
            events,
            by=by,
            session_gap=gap,
            collapse_repeats=collapse_repeats,
            out_of_core=out_of_core,
        )
        edges = table.to_pyarrow().to_pylist()
    return dict(json_safe({"by": by, "session_gap": gap, "edges": edges}))


@router.get("/paths", summary="Top paths, Sankey columns and links (as `analyze paths`)")
def paths(
    *,
    service: ServiceDep,
    _key: ReadKey,
    query: ScopeDep,
    start: Annotated[str | None, Query(description="Paths start at this node.")] = None,
    end: Annotated[str | None, Query(description="Paths end at this node.")] = None,
    max_steps: Annotated[int, Query(ge=1, le=50)] = 5,
    top: Annotated[int, Query(ge=1, le=100)] = 10,
    by: NodeBy = "event",
    session_gap: Annotated[str, Query(description="Split after this pause, or 'none'.")] = "none",
    collapse_repeats: bool = False,
    alpha: Annotated[float, Query(gt=0, lt=1)] = 0.05,
) -> dict[str, Any]:
    from journeymap.analytics.path_segments import paths_by_segment
    from journeymap.analytics.paths import paths as run_paths
    from journeymap.analytics.paths import sankey_links, variants

    journey = optional_journey(service, query)
    segment = segment_of(query.segment)
    options: dict[str, Any] = {
        "start": start,
        "end": end,
        "max_steps": max_steps,
        "top": top,
        "session_gap": None if session_gap.lower() == "none" else session_gap,
        "collapse_repeats": collapse_repeats,
    }
    with scoped_events(service, query, journey) as events, analytics_errors("start"):
        if segment is not None:
            result = paths_by_segment(events, segment, alpha=alpha, node_by=by, **options)
            return dict(json_safe(result.as_dict()))
        data = {
            "columns": run_paths(events, by=by, **options).to_pyarrow().to_pylist(),
            "links": sankey_links(events, by=by, **options).to_pyarrow().to_pylist(),
            "variants": variants(events, by=by, **options).to_pyarrow().to_pylist(),
        }
    return dict(json_safe(data))


@router.get("/retention", summary="Cohort retention triangle (as `analyze retention`)")
def retention(
    *,
    service: ServiceDep,
    _key: ReadKey,
    query: ScopeDep,
    start: Annotated[str, Query(description="Event that puts a person in a cohort.")],
    return_event: Annotated[
        str, Query(alias="return", description="Event that counts as a return.")
    ],
    period: Literal["day", "week", "month"] = "week",
) -> dict[str, Any]:
    from journeymap.analytics.retention import data_through
    from journeymap.analytics.retention import retention as run_retention
    from journeymap.analytics.retention_segments import retention_by_segment

    journey = optional_journey(service, query)
    segment = segment_of(query.segment)
    with scoped_events(service, query, journey) as events, analytics_errors("start"):
        through = data_through(events)
        ends = {"period": period, "through": through.isoformat() if through else None}
        if segment is not None:
            segmented = retention_by_segment(events, start, return_event, segment, period)
            return dict(json_safe({**ends, **segmented.as_dict()}))
        cells = run_retention(events, start, return_event, period).to_pyarrow().to_pylist()
    return dict(json_safe({**ends, "cells": cells}))


@router.get("/stages", summary="Reach, conversion, drop-off and time per stage of a map")
def stages(service: ServiceDep, _key: ReadKey, query: ScopeDep) -> dict[str, Any]:
    from journeymap.analytics.stage_segments import stage_metrics_by_segment
    from journeymap.analytics.stages import stage_metrics

    if query.map is None:
        raise ApiError(422, "missing_map", _("stage metrics need a map: add ?map=NAME"), "map")
    journey = journey_of(service, query.map)
    segment = segment_of(query.segment)
    with scoped_events(service, query, None) as events, analytics_errors("segment"):
        if segment is None:
            data: dict[str, Any] = stage_metrics(events, journey).as_dict()
        else:
            data = stage_metrics_by_segment(events, journey, segment).as_dict()
    return dict(json_safe({"map": journey.id, **data}))
