"""A map's saved versions: the list, a readable diff against the current map, restore."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from journeymap.model import MapError, load_document
from journeymap.model.loader import parse_map
from journeymap.model.map_history import (
    EditConflictError,
    save_text,
    version_text,
    version_token,
    versions,
)
from journeymap.report.diff_maps import diff_maps
from journeymap.report.diff_text import diff_lines
from journeymap.web.maps_access import map_path, strip_json
from journeymap.web.rendering import page, wants_json
from journeymap.web.visit import mutation, signed_in, state_of

router = APIRouter()


@router.get("/maps/{key}/history")
@router.get("/maps/{key}/history.json")
def history(request: Request, key: str) -> Response:
    signed_in(request)
    path = map_path(request, key)
    found = versions(state_of(request).root, path)
    data = {"key": path.stem, "versions": [v.__dict__ for v in found]}
    return page(request, "history.html.j2", data, versions=found, key=path.stem)


def _old_text(request: Request, key: str, name: str) -> str:
    try:
        return version_text(state_of(request).root, map_path(request, key), name)
    except FileNotFoundError:
        raise HTTPException(404, name) from None


@router.get("/maps/{key}/history/{name}")
def version(request: Request, key: str, name: str) -> Response:
    signed_in(request)
    path = map_path(request, key)
    name = strip_json(name)
    try:
        old = parse_map(_old_text(request, key, name)).model
        current = load_document(path).model
    except MapError as error:
        raise HTTPException(422, str(error)) from None
    diff = diff_maps(old, current, old_label=name, new_label=path.name)
    data = {"key": path.stem, "version": name, "diff": diff.as_dict()}
    token = version_token(path.read_text(encoding="utf-8"))
    lines = diff_lines(diff)
    return page(
        request, "version.html.j2", data, key=path.stem, name=name, lines=lines, token=token
    )


@router.post("/maps/{key}/history/{name}/restore")
async def restore(request: Request, key: str, name: str) -> Response:
    user, form = await mutation(request)
    path = map_path(request, key)
    text = _old_text(request, key, name)
    try:
        await run_in_threadpool(
            save_text, state_of(request).root, path, form.text("token"), text, user.name
        )
    except EditConflictError as conflict:
        raise HTTPException(409, str(conflict)) from None
    if wants_json(request):
        return Response(status_code=204)
    return RedirectResponse(f"/maps/{path.stem}", status_code=303)
