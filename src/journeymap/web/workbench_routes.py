"""The analytics workbench of a map: funnel, paths, transitions, retention, attribution and
segment comparison; each a chart, a table, CSV (`.csv`) and JSON (`.json`) of one URL."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from journeymap.analytics.bind import bind_events
from journeymap.analytics.segment_split import UnknownSegmentKeyError
from journeymap.analytics.steps import UnknownNameError
from journeymap.i18n import gettext as _
from journeymap.i18n import pgettext
from journeymap.model import JourneyMap
from journeymap.web.rendering import page
from journeymap.web.workbench_more import (
    QueryProblemError,
    run_attribution,
    run_retention,
    run_segments,
)
from journeymap.web.workbench_query import KINDS, MAX_STEPS, WorkbenchQuery
from journeymap.web.workbench_result import AnalysisResult
from journeymap.web.workbench_run import run_funnel, run_paths, run_transitions
from journeymap.web.workspace_store import PageJourney, event_names, open_store, scoped

if TYPE_CHECKING:
    import ibis

router = APIRouter()
RUNS = {
    "funnel": run_funnel,
    "paths": run_paths,
    "transitions": run_transitions,
    "retention": run_retention,
    "attribution": run_attribution,
    "segments": run_segments,
}


@router.get("/maps/{key}/analytics")
@router.get("/maps/{key}/analytics.json")
@router.get("/maps/{key}/analytics.csv")
def workbench(request: Request, key: str, journey: PageJourney) -> Response:
    query = WorkbenchQuery.of(request.query_params)
    result, error, names = _run(request, journey, query)
    if request.url.path.endswith(".csv"):
        if result is None:
            raise HTTPException(422, error or "")
        headers = {"Content-Disposition": f'attachment; filename="{key}-{query.kind}.csv"'}
        return Response(result.csv_text(), media_type="text/csv; charset=utf-8", headers=headers)
    choices = _choices(journey, names)
    data: dict[str, Any] = {
        "map": key,
        "query": query.as_dict(),
        "error": error,
        "result": None if result is None else result.as_dict(),
        "csv": None if result is None else f"/maps/{key}/analytics.csv?{query.query_string()}",
        "choices": choices,
    }
    steps = [*query.steps, ""] if len(query.steps) < MAX_STEPS else list(query.steps)
    return page(
        request,
        "workbench.html.j2",
        data,
        status=422 if error else 200,
        key=key,
        journey=journey,
        query=query,
        kinds=KINDS,
        result=result,
        error=error,
        step_slots=steps if len(steps) >= 2 else [*steps, ""],
    )


def _run(
    request: Request, journey: JourneyMap, query: WorkbenchQuery
) -> tuple[AnalysisResult | None, str | None, list[str]]:
    """The result (None until the query is complete), the error to show, the event names."""
    with open_store(request) as store:
        names = event_names(store.events())  # the raw events: no binding to list names
        if not query.ready:
            return None, None, names
        try:
            events = scoped(store.events(), query.since, query.until, query.only)
            return _named(_analysed(events, journey, query), journey, query), None, names
        except UnknownNameError as error:
            near = ", ".join(error.suggestions) or "—"
            message = _(
                "no event, touchpoint or stage {name!r} in the data; closest: {near}",
                name=error.name,
                near=near,
            )
            return None, message, names
        except UnknownSegmentKeyError as error:
            near = ", ".join(error.suggestions) or "—"
            message = _(
                "no event has {key!r} to segment by; closest: {near}",
                key=error.by.describe(),
                near=near,
            )
            return None, message, names
        except QueryProblemError as error:
            return None, str(error), names
        except ValueError as error:  # a bad window, breakdown or segment rule
            return None, str(error), names


def _analysed(events: ibis.Table, journey: JourneyMap, query: WorkbenchQuery) -> AnalysisResult:
    """The query's analysis of `events`, bound to the map only when it reads touchpoints or
    stages (`WorkbenchQuery.binds`)."""
    run = RUNS[query.kind]
    ids = {t.id for t in journey.touchpoints} | {s.id for s in journey.stages}
    if query.binds(ids):
        return run(bind_events(events, journey), query)
    try:
        return run(events, query)
    except UnknownNameError:
        # asked again bound, so the message suggests the map's touchpoints and stages too
        return run(bind_events(events, journey), query)


def _named(result: AnalysisResult, journey: JourneyMap, query: WorkbenchQuery) -> AnalysisResult:
    """Touchpoints and stages shown by the map's names: funnel steps picked as `touchpoint:ID`
    or `stage:ID`, path and transition nodes by id; the paths drawn as the report's Sankey."""
    from journeymap.report.flows import DROP_OFF
    from journeymap.report.sankey_svg import layout_sankey

    ids = {t.id: t.name for t in journey.touchpoints} | {s.id: s.name for s in journey.stages}
    names = {f"touchpoint:{t.id}": t.name for t in journey.touchpoints}
    names |= {f"stage:{s.id}": s.name for s in journey.stages}
    if query.kind in ("paths", "transitions") and query.by != "event":
        names |= ids  # path and transition nodes are bare ids
    for row in result.rows:
        for key in ("name", "source", "target"):
            if isinstance(row.get(key), str):
                row[key] = names.get(row[key], row[key])
        if isinstance(row.get("variant"), str):
            row["variant"] = " → ".join(names.get(n, n) for n in row["variant"].split(" → "))
    result.bars = [dataclasses.replace(b, label=_label(b.label, names)) for b in result.bars]
    if result.flows is not None:
        names[DROP_OFF] = pgettext("sankey", "drop-off")
        result.sankey = layout_sankey(result.flows, names=names)
    return result


def _label(text: str, names: dict[str, str]) -> str:
    return " → ".join(names.get(part, part) for part in text.split(" → "))


def _choices(journey: JourneyMap, events: list[str]) -> dict[str, list[dict[str, str]]]:
    return {
        "touchpoints": [
            {"value": f"touchpoint:{t.id}", "name": t.name} for t in journey.touchpoints
        ],
        "stages": [{"value": f"stage:{s.id}", "name": s.name} for s in journey.stages],
        "events": [{"value": name, "name": name} for name in events],
    }
