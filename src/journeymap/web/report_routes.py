"""The living report of a map, served in the app (read-only): scoped to a segment and a date
range by the URL's query (`?segment=channel=web&since=2026-03-01&until=2026-03-31`), with the
KPI trends across report runs drawn as small charts; `report.json` takes the same query."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from journeymap.i18n import ngettext
from journeymap.model import MapError, load_document
from journeymap.report.build import build_report
from journeymap.report.html import render_report_html
from journeymap.web.maps_access import map_path, strip_json
from journeymap.web.rendering import render
from journeymap.web.report_scope import ReportScope, segment_options
from journeymap.web.report_trends import trend_charts
from journeymap.web.share_links import DEFAULT_DAYS
from journeymap.web.visit import signed_in, state_of, visit_of
from journeymap.web.workspace_store import open_store

if TYPE_CHECKING:
    from journeymap.model import JourneyMap
    from journeymap.model.workspace import Workspace
    from journeymap.orchestrate.chain import Chain
    from journeymap.personalize.catalog import Catalog
    from journeymap.report.data import ReportData

router = APIRouter()


def _catalog(workspace: Workspace) -> Catalog | None:
    """The content catalog for the personalization section; a catalog with mistakes leaves the
    section out (`journeymap validate` shows why), as the command does."""
    from journeymap.personalize.catalog import load_catalog

    try:
        catalog = load_catalog(workspace)
    except MapError:
        return None
    return catalog if catalog.files else None


def _chains(workspace: Workspace) -> list[Chain]:
    """The workspace's automation chains, so effect KPIs and the interventions section are
    measured as in `journeymap report`; chains with mistakes are left out."""
    from journeymap.report.interventions_section import workspace_chains

    try:
        return workspace_chains(workspace.root, workspace.map_paths())
    except MapError:
        return []


@router.get("/maps/{key}/report")
@router.get("/maps/{key}/report.json")
def report(request: Request, key: str) -> Response:
    signed_in(request)
    path = map_path(request, key)
    scope = ReportScope.of(request.query_params)
    return map_report(request, path, scope, as_json=request.url.path.endswith(".json"))


def measured_report(
    request: Request, journey: JourneyMap, scope: ReportScope, *, options: list[str] | None = None
) -> ReportData:
    """The report's numbers for `scope`, with the KPI trends of earlier runs of the same segment
    (the snapshots `journeymap report` saves; the app saves none). 422 for a scope that cannot
    be read, 503 when the store is busy. `options`, when given, receives the segment picker's
    choices. A view built before over the same map, store data and workspace files is read
    from the workspace's report cache (`report.report_cache`) instead of measured again."""
    from journeymap.report.report_cache import (
        CachedReport,
        ReportCache,
        report_key,
        workspace_inputs,
    )
    from journeymap.store.data_version import data_version

    try:
        segment, start, end = scope.checked()
    except ValueError as error:
        raise HTTPException(422, str(error)) from None
    workspace = state_of(request).workspace()
    cache = ReportCache(workspace.root)
    with open_store(request) as store:
        key = report_key(
            journey,
            segment=segment.describe() if segment else "",
            start=start,
            end=end,
            language=visit_of(request).language,
            data_version=data_version(store),
            inputs=workspace_inputs(workspace),
        )
        entry = cache.get(key)
        if entry is None:
            try:
                data = build_report(
                    store,
                    journey,
                    segment=segment,
                    start=start,
                    end=end,
                    catalog=_catalog(workspace),
                    chains=_chains(workspace),
                    workspace=workspace.root,
                )
            except ValueError as error:  # a segment key the data cannot be cut by
                raise HTTPException(422, str(error)) from None
            entry = CachedReport(data, segment_options(store.events(), journey))
            cache.put(key, entry)
    if options is not None:
        options += entry.segment_options
    data = entry.data
    data.kpi_trends = _trends(workspace.root, data)
    return data


def _trends(root: Path, data: ReportData) -> dict[str, list[dict[str, object]]]:
    from journeymap.report.snapshots import (
        design_digest,
        load_trends,
        snapshot_folder,
        snapshot_record,
    )

    journey = data.journey
    latest = snapshot_record(
        journey.id,
        data.generated_at,
        data.kpis,
        data.segment,
        stages=data.stages,
        design=design_digest(journey),
    )
    return load_trends(snapshot_folder(root, journey.id), data.segment, latest=latest)


def map_report(
    request: Request,
    path: Path,
    scope: ReportScope | None = None,
    *,
    as_json: bool = False,
    controls: bool = True,
) -> Response:
    """The living report of the map file at `path` for `scope`, as a page or as JSON.
    `controls`: the page offers the segment and date pickers and links into the app (off for
    a share link, whose visitor sees only the view it was made for)."""
    scope = scope or ReportScope()
    try:
        journey = load_document(path).model
    except MapError as error:
        raise HTTPException(422, str(error)) from None
    options: list[str] = []
    data = measured_report(request, journey, scope, options=options if controls else None)
    if as_json:
        body = data.as_dict() | {"scope": scope.query_string(), "segment_options": options}
        text = json.dumps(body, ensure_ascii=False, default=str)
        return Response(text, media_type="application/json")
    toolbar = _toolbar(request, strip_json(path.stem), data, scope, options, controls=controls)
    language = visit_of(request).language
    return HTMLResponse(render_report_html(data, language=language, toolbar=toolbar))


def _toolbar(
    request: Request,
    key: str,
    data: ReportData,
    scope: ReportScope,
    options: list[str],
    *,
    controls: bool,
) -> Markup:
    charts = trend_charts(
        data.kpi_trends, {k.kpi: k.name for k in data.kpis}, visit_of(request).language
    )
    query = scope.query_string()
    html = render(
        request,
        "report_toolbar.html.j2",
        key=key,
        scope=scope,
        query=f"?{query}" if query else "",
        options=options,
        charts=charts,
        has_trend=any(chart.runs > 1 for chart in charts),
        runs_text={
            c.kpi: ngettext("{count} run", "{count} runs", c.runs, count=c.runs) for c in charts
        },
        controls=controls,
        days=DEFAULT_DAYS,
    )
    return Markup(html)  # noqa: S704 - rendered by the app's autoescaping environment
