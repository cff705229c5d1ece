"""The living report of a map, served in the app (read-only)."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from journeymap.model import MapError, load_document
from journeymap.report.build import build_report
from journeymap.report.html import render_report_html
from journeymap.store import Store, StoreError
from journeymap.web.maps_access import map_path
from journeymap.web.visit import signed_in, state_of, visit_of

router = APIRouter()


def _store(request: Request) -> Store:
    """The workspace's store; an empty one in memory while nothing was ingested yet."""
    workspace = state_of(request).workspace()
    url = workspace.store_url
    if url.startswith("duckdb://"):
        file = url.removeprefix("duckdb://").partition("?")[0]
        if file != ":memory:" and not Path(file).is_file():
            return Store.open("duckdb://:memory:")
    return Store.open(workspace)


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
    try:
        store = _store(request)
    except StoreError as error:  # e.g. another process holds the DuckDB file's write lock
        raise HTTPException(503, str(error)) from None
    with store:
        data = build_report(store, journey)
    if as_json:
        text = json.dumps(data.as_dict(), ensure_ascii=False, default=str)
        return Response(text, media_type="application/json")
    return HTMLResponse(render_report_html(data, language=visit_of(request).language))
