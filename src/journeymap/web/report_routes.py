"""The living report of a map, served in the app (read-only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from journeymap.model import MapError, load_document
from journeymap.report.build import build_report
from journeymap.report.html import render_report_html
from journeymap.web.maps_access import map_path
from journeymap.web.visit import signed_in, state_of, visit_of
from journeymap.web.workspace_store import open_store

if TYPE_CHECKING:
    from journeymap.model.workspace import Workspace
    from journeymap.orchestrate.chain import Chain
    from journeymap.personalize.catalog import Catalog

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
    return map_report(request, path, as_json=request.url.path.endswith(".json"))


def map_report(request: Request, path: Path, *, as_json: bool = False) -> Response:
    """The living report of the map file at `path`, as a page or as JSON."""
    try:
        journey = load_document(path).model
    except MapError as error:
        raise HTTPException(422, str(error)) from None
    store = open_store(request)
    workspace = state_of(request).workspace()
    with store:
        data = build_report(store, journey, catalog=_catalog(workspace), chains=_chains(workspace))
    if as_json:
        text = json.dumps(data.as_dict(), ensure_ascii=False, default=str)
        return Response(text, media_type="application/json")
    return HTMLResponse(render_report_html(data, language=visit_of(request).language))
