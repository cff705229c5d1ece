"""The workspace home: the maps gallery, new maps from templates, copies for other segments."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from journeymap.i18n import LANGUAGES
from journeymap.model import MapError
from journeymap.model.map_comments import CommentError, load_comments
from journeymap.model.map_edits import EditError
from journeymap.model.workspace import Workspace
from journeymap.report.map_gallery import (
    GalleryEntry,
    create_from_template,
    duplicate_map,
    gallery,
)
from journeymap.templates.catalog import TemplateError, list_templates
from journeymap.web.maps_access import map_path
from journeymap.web.rendering import page, wants_json
from journeymap.web.visit import mutation, signed_in, state_of, visit_of

router = APIRouter()


def _created(request: Request, key: str) -> Response:
    if wants_json(request):
        return JSONResponse({"map": key, "url": f"/maps/{key}"}, status_code=201)
    return RedirectResponse(f"/maps/{key}", status_code=303)


def open_comments(workspace: Workspace, entries: list[GalleryEntry]) -> dict[str, int | None]:
    """The open (unresolved) comments of each map by key; None where its file is broken."""
    counts: dict[str, int | None] = {}
    for entry in entries:
        try:
            found = load_comments(workspace.root, workspace.maps_dir / entry.file)
        except CommentError:
            counts[entry.key] = None
            continue
        counts[entry.key] = sum(not c.resolved for c in found)
    return counts


@router.get("/maps")
@router.get("/maps.json")
def maps(request: Request) -> Response:
    signed_in(request)
    workspace = state_of(request).workspace()
    entries = gallery(workspace)
    comments = open_comments(workspace, entries)
    language = visit_of(request).language
    templates = [
        {"name": t.name, "kind": t.kind, "description": t.description(language)}
        for t in list_templates()
    ]
    data = {
        "maps": [e.as_dict() | {"open_comments": comments[e.key]} for e in entries],
        "templates": templates,
        "languages": list(LANGUAGES),
    }
    return page(request, "gallery.html.j2", data, entries=entries, comments=comments)


@router.post("/maps/new")
async def new_map(request: Request) -> Response:
    _user, form = await mutation(request)
    try:
        path = await run_in_threadpool(
            create_from_template,
            state_of(request).workspace(),
            form.text("template"),
            form.text("language"),
        )
    except (TemplateError, ValueError) as error:
        raise HTTPException(400, str(error)) from None
    return _created(request, path.stem)


@router.post("/maps/{key}/duplicate")
async def duplicate(request: Request, key: str) -> Response:
    _user, form = await mutation(request)
    try:
        path = await run_in_threadpool(
            duplicate_map,
            state_of(request).workspace(),
            map_path(request, key),
            form.text("segment"),
        )
    except (EditError, MapError) as error:
        raise HTTPException(422, str(error)) from None
    return _created(request, path.stem)
