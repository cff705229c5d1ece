"""The customer 360: find a customer by any id or trait, then her profile, timeline on the map's
stages, feedback and recommendations (JSON twins: `/people.json`, `/people/ID.json`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from journeymap.i18n import format_number
from journeymap.i18n import gettext as _
from journeymap.web.rendering import page, wants_json
from journeymap.web.visit import signed_in, state_of, visit_of
from journeymap.web.workspace_store import load_journey, open_store

router = APIRouter()


def _map_file(request: Request) -> Path:
    """The map of `?map=KEY`, else the workspace's first map (404 when it has none)."""
    paths = state_of(request).workspace().map_paths()
    wanted = request.query_params.get("map")
    for path in paths:
        if wanted is None or path.stem == wanted:
            return path
    if wanted is None:
        raise HTTPException(404, _("this workspace has no maps yet"))
    raise HTTPException(404, _("no map '{key}' in this workspace", key=wanted))


def _maps(request: Request) -> list[str]:
    return [p.stem for p in state_of(request).workspace().map_paths()]


@router.get("/people")
@router.get("/people.json")
def people(request: Request) -> Response:
    from journeymap.personalize.person_search import find_persons

    signed_in(request)
    key = _map_file(request).stem
    text = (request.query_params.get("q") or "").strip()
    found: list[dict[str, Any]] = []
    if text:
        with open_store(request) as store:
            found = find_persons(store, text)
    data = {"map": key, "query": text, "persons": [_found(p, key) for p in found]}
    status = 404 if text and not found else 200
    return page(
        request,
        "people.html.j2",
        _json_safe(data),
        status=status,
        key=key,
        maps=_maps(request),
        found=data["persons"],
        query=text,
    )


def _found(person: dict[str, Any], key: str) -> dict[str, Any]:
    url = f"/people/{quote(str(person['person_id']), safe='')}?map={key}"
    keep = ("person_id", "ids", "traits", "last_seen")
    return {**{k: person[k] for k in keep}, "url": url}


@router.get("/people/{person:path}")  # ids may hold a slash
def person(request: Request, person: str) -> Response:
    from journeymap.personalize.profile_store import resolve_person
    from journeymap.web.person_view import person_360

    signed_in(request)
    as_json = wants_json(request)
    wanted = person.removesuffix(".json") if request.url.path.endswith(".json") else person
    path = _map_file(request)
    journey = load_journey(path)
    workspace = state_of(request).workspace()
    with open_store(request) as store:
        person_id = resolve_person(store, wanted)
        if person_id is None:
            message = _("No customer {person} in the store.", person=repr(wanted))
            if as_json:
                raise HTTPException(404, message)
            return page(
                request, "people.html.j2", {"map": path.stem, "query": wanted, "persons": []},
                status=404, key=path.stem, maps=_maps(request), found=[], query=wanted,
                message=message,
            )  # fmt: skip
        data = person_360(store, workspace, journey, person_id, visit_of(request).language)
    return page(
        request,
        "person.html.j2",
        _json_safe({"map": path.stem, "person_id": person_id, **data}),
        key=path.stem,
        journey=journey,
        person_id=person_id,
        view=data,
        num=format_number,
    )


def _json_safe(data: dict[str, Any]) -> dict[str, Any]:
    import json

    safe: dict[str, Any] = json.loads(json.dumps(data, default=str, allow_nan=True),
                                      parse_constant=lambda _constant: None)  # fmt: skip
    return safe
