"""Maps of the workspace: list, get (JSON or the HTML render), validate and lint.

One resource, two faces: `/v1/maps/{name}` is JSON, `/v1/maps/{name}.html` (or the same path
with `Accept: text/html`) is the rendered map. Messages use the request's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response

from journeymap.api.deps import ReadKey, ServiceDep
from journeymap.api.errors import ApiError
from journeymap.api.language import language_query
from journeymap.api.map_lookup import load_journey, map_file
from journeymap.api.read_models import READ_ERRORS
from journeymap.i18n import get_language
from journeymap.i18n import gettext as _
from journeymap.service.map_files import MapFile, map_files

if TYPE_CHECKING:
    from journeymap.model.journey import JourneyMap

router = APIRouter(
    prefix="/v1/maps",
    tags=["maps"],
    dependencies=[Depends(language_query)],
    responses=READ_ERRORS,
)

HTML_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}, "application/json": {}}, "description": "The map"}
}


def _file(service: ServiceDep, name: str) -> MapFile:
    return map_file(service.settings.maps, name, "name")


def _load(found: MapFile) -> JourneyMap:
    return load_journey(found, "name")


def _summary(found: MapFile) -> dict[str, Any]:
    from journeymap.model import MapError, load_map

    try:
        journey = load_map(found.path)
    except (MapError, OSError):
        return {"name": found.name, "file": found.path.name, "valid": False}
    return {
        "name": found.name,
        "file": found.path.name,
        "valid": True,
        "id": journey.id,
        "title": journey.title,
        "segment": journey.segment,
        "language": journey.language,
    }


@router.get("", summary="Every map of the workspace: name, id, title, segment, validity")
def list_maps(service: ServiceDep, _key: ReadKey) -> list[dict[str, Any]]:
    return [_summary(found) for found in map_files(service.settings.maps)]


def _html(found: MapFile) -> HTMLResponse:
    """The rendered map, its labels in the request's language (the map's when nothing chose)."""
    from journeymap.render import render

    journey = _load(found)
    return HTMLResponse(render(journey, "html", language=get_language()).decode("utf-8"))


@router.get("/{name}.html", summary="The map rendered as an HTML page", response_class=HTMLResponse)
def get_map_html(name: str, service: ServiceDep, _key: ReadKey) -> HTMLResponse:
    return _html(_file(service, name))


@router.get(
    "/{name}",
    summary="A map as JSON (or HTML with Accept: text/html)",
    responses=HTML_RESPONSE,
)
def get_map(name: str, request: Request, service: ServiceDep, _key: ReadKey) -> Response:
    from journeymap.model.loader import model_data

    found = _file(service, name)
    accept = request.headers.get("accept", "")
    if "text/html" in accept and "application/json" not in accept:
        return _html(found)
    data = {"name": found.name, "map": model_data(_load(found))}
    return JSONResponse(jsonable_encoder(data))


@router.get("/{name}/validate", summary="Schema and reference problems (as `journeymap validate`)")
def validate_map(name: str, service: ServiceDep, _key: ReadKey) -> dict[str, Any]:
    from journeymap.model.loader import load_document
    from journeymap.model.problems import MapError

    found = _file(service, name)
    try:
        document = load_document(found.path)
    except MapError as error:
        return {"name": name, "valid": False, "problems": [p.as_dict() for p in error.problems]}
    return {"name": name, "valid": True, "problems": [p.as_dict() for p in document.notes]}


@router.get("/{name}/lint", summary="Method findings (as `journeymap lint --json`)")
def lint_map(
    name: str,
    service: ServiceDep,
    _key: ReadKey,
    strict: Annotated[bool, Query(description="Report warnings as failures too.")] = False,
    disable: Annotated[
        list[str] | None, Query(description="Rule codes or names to skip; repeat for more.")
    ] = None,
) -> dict[str, Any]:
    from journeymap.lint import LintSummary, lint_paths, resolve_code
    from journeymap.lint.registry import unknown_code_hint

    for code in disable or []:
        if resolve_code(code) is None:
            message = _("unknown rule code '{code}'", code=code)
            raise ApiError(422, "unknown_rule", message, "disable", hint=unknown_code_hint(code))
    found = _file(service, name)
    reports = lint_paths([found.path], disabled=disable or [], strict=strict)
    summary = LintSummary.of(reports)
    failed = summary.errors > 0 or (strict and summary.warnings > 0)
    return {
        "name": name,
        "ok": not failed,
        "reports": [r.as_dict() for r in reports],
        "summary": summary.as_dict(),
    }
