"""The editor's YAML pane: the map's source beside the visual editor, linted as it is typed
(`?draft=1`, the messages of `journeymap validate` and `lint`) and saved with the version check
of every edit; the answer is the whole editor, so the visual side shows the saved map. The map
format's JSON Schema, in the UI language, is served for the pane's checks in the browser."""

from __future__ import annotations

import json
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from journeymap.i18n import get_language
from journeymap.model.map_history import save_text, version_token
from journeymap.web.editor_drafts import check_source
from journeymap.web.editor_labels import editor_labels
from journeymap.web.editor_routes import save_answer
from journeymap.web.maps_access import map_path, strip_json
from journeymap.web.rendering import render, wants_json
from journeymap.web.visit import mutation, signed_in, state_of

router = APIRouter()
SYNONYMS_KEYWORD = "x-journeymap-synonyms"


@lru_cache(maxsize=4)
def _schema_body(language: str) -> bytes:
    from journeymap.i18n.synonyms import SYNONYMS
    from journeymap.model.schema import map_json_schema

    body = map_json_schema(language)
    # The loader reads Russian words (`критично`, `в работе`) as the canonical values; the
    # browser's check reads them the same way before validating, or it would flag what a save
    # accepts. An `x-` keyword: JSON Schema validators ignore it.
    body[SYNONYMS_KEYWORD] = {field: dict(words) for field, words in SYNONYMS.items()}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


@router.get("/schema/map.json")
def schema() -> Response:
    """The map format's JSON Schema (draft 2020-12) with its descriptions in the UI language."""
    body = _schema_body(get_language())
    return Response(body, media_type="application/schema+json")


@router.get("/maps/{key}/source")
@router.get("/maps/{key}/source.json")
def source(request: Request, key: str) -> Response:
    """The map's YAML text and its version token (what the pane shows)."""
    signed_in(request)
    path = map_path(request, strip_json(key))
    text = path.read_text(encoding="utf-8")
    return JSONResponse({"key": path.stem, "token": version_token(text), "text": text})


@router.post("/maps/{key}/source")
async def save_source(request: Request, key: str) -> Response:
    """Save the pane's text over the map (it must load; conflicts as any edit); with
    `?draft=1` only check and lint it."""
    user, form = await mutation(request)
    path = map_path(request, key)
    text = form.text("text")
    if request.query_params.get("draft"):
        check = await run_in_threadpool(check_source, path, text)
        if wants_json(request):
            return JSONResponse(check.as_dict())
        body = render(request, "draft.html.j2", check=check, sentence="", te=editor_labels())
        return HTMLResponse(body)
    root, token = state_of(request).root, form.text("token")
    return await save_answer(request, key, lambda: save_text(root, path, token, text, user.name))
