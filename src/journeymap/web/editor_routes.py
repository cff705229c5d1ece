"""The map editor: every change is one small form (htmx posts it and swaps the editor), checked
by the loader and the linter, and saved over the YAML file with its comments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from journeymap.i18n import gettext as _
from journeymap.model import MapDocument, MapError, load_document
from journeymap.model import map_edits as edits
from journeymap.model.map_history import EditConflictError, apply_edit
from journeymap.web.editor_comments_view import comments_context
from journeymap.web.editor_draft_answer import Change, draft_answer
from journeymap.web.editor_extras import editor_extras
from journeymap.web.editor_form_fields import kpi_measure
from journeymap.web.editor_labels import editor_labels
from journeymap.web.editor_view import editor_data, lane_names, status_names
from journeymap.web.forms import Form
from journeymap.web.map_views import editor_view_of
from journeymap.web.maps_access import map_path, strip_json
from journeymap.web.rendering import is_htmx, page, render, wants_json
from journeymap.web.share_links import DEFAULT_DAYS
from journeymap.web.share_routes import share_rows
from journeymap.web.visit import mutation, signed_in, state_of, visit_of

router = APIRouter()

PERSONA_TEXTS = ("name", "occupation", "context", "goals", "fears", "quote")


def _editor(
    request: Request,
    key: str,
    *,
    status: int = 200,
    document: MapDocument | None = None,
    **notice: Any,
) -> Response:
    path = map_path(request, key)
    try:
        document = document or load_document(path)
    except MapError as error:
        raise HTTPException(422, str(error)) from None
    data = editor_data(path, document)
    language = visit_of(request).language
    view = editor_view_of(request, document.model)
    context = {
        "journey": document.model,
        "notice": notice,
        "lanes": lane_names(language),
        "statuses": status_names(language),
        "key": path.stem,
        "source": path.read_text(encoding="utf-8"),
        "shares": share_rows(request, path.stem),
        "days": DEFAULT_DAYS,
        "te": editor_labels(),
        "view": view,
        **editor_extras(document.model, language),
        **comments_context(state_of(request).root, path, document.model, language, view),
    }
    if is_htmx(request) and not wants_json(request):
        body = render(request, "editor_body.html.j2", data=data, **context)
        return HTMLResponse(body, status_code=status)  # editor.js swaps a 409/422 in too
    return page(request, "editor.html.j2", data | {"notice": notice}, status=status, **context)


@router.get("/maps/{key}")
def editor(request: Request, key: str) -> Response:
    signed_in(request)
    return _editor(request, strip_json(key))


async def edit_map(request: Request, key: str, change: Callable[[Form], Change]) -> Response:
    """One editor change: the form `change` reads is checked (CSRF, role), linted as a draft
    (`?draft=1`, nothing saved) or applied over the YAML file; conflicts answer 409, invalid
    maps 422, and the editor is shown again (htmx, JSON) or reloaded (plain form)."""
    user, form = await mutation(request)
    path = map_path(request, key)
    if request.query_params.get("draft"):  # lint as you type: check the change, save nothing
        return await run_in_threadpool(draft_answer, request, path, form, change)
    root, token = state_of(request).root, form.text("token")
    return await save_answer(
        request, key, lambda: apply_edit(root, path, token, change(form), user.name)
    )


async def save_answer(
    request: Request,
    key: str,
    save: Callable[[], MapDocument | None],
    *,
    done: str = "",
    nothing: str = "",
) -> Response:
    """Run `save` (one of the ways a map is saved: an edit, a move, undo, redo, the YAML pane)
    and answer with the editor: the saved map, or the refusal (409 on a conflict or when
    there is `nothing` to do, 422 when the result does not load)."""
    try:
        saved = await run_in_threadpool(save)
    except EditConflictError as conflict:
        return await run_in_threadpool(_editor, request, key, status=409, conflict=str(conflict))
    except (edits.EditError, MapError) as error:
        return await run_in_threadpool(_editor, request, key, status=422, error=str(error))
    if saved is None:
        return await run_in_threadpool(_editor, request, key, status=409, error=nothing)
    if is_htmx(request) or wants_json(request):
        notice = done or _("Saved.")
        return await run_in_threadpool(_editor, request, key, document=saved, saved=notice)
    return RedirectResponse(f"/maps/{key}", status_code=303)


def _score(form: Form) -> int:
    score = form.number("score")
    if score is None:
        raise HTTPException(422, _("{value} is not a whole number on the -2..+2 scale",
                                   value=repr(form.text("score"))))  # fmt: skip
    return score


@router.post("/maps/{key}/personas")
async def save_persona(request: Request, key: str) -> Response:
    def change(form: Form) -> Change:
        return lambda data: edits.save_persona(
            data,
            form.text("persona") or None,
            **form.fields(*PERSONA_TEXTS, numbers=("age",)),
        )

    return await edit_map(request, key, change)


@router.post("/maps/{key}/personas/{persona}/delete")
async def delete_persona(request: Request, key: str, persona: str) -> Response:
    return await edit_map(request, key, lambda f: lambda d: edits.delete_persona(d, persona))


@router.post("/maps/{key}/stages")
async def add_stage(request: Request, key: str) -> Response:
    return await edit_map(request, key, lambda f: lambda d: edits.add_stage(d, f.text("name")))


@router.post("/maps/{key}/stages/{stage}/rename")
async def rename_stage(request: Request, key: str, stage: str) -> Response:
    return await edit_map(
        request, key, lambda f: lambda d: edits.rename_stage(d, stage, f.text("name"))
    )


@router.post("/maps/{key}/stages/{stage}/delete")
async def delete_stage(request: Request, key: str, stage: str) -> Response:
    return await edit_map(request, key, lambda f: lambda d: edits.delete_stage(d, stage))


@router.post("/maps/{key}/touchpoints")
async def add_touchpoint(request: Request, key: str) -> Response:
    def change(form: Form) -> Change:
        return lambda data: edits.add_touchpoint(
            data, form.text("name"), **form.fields("kind", "channel", "department")
        )

    return await edit_map(request, key, change)


@router.post("/maps/{key}/stages/{stage}/touchpoints")
async def set_stage_touchpoints(request: Request, key: str, stage: str) -> Response:
    return await edit_map(
        request,
        key,
        lambda f: lambda d: edits.set_stage_touchpoints(d, stage, f.every("touchpoint")),
    )


@router.post("/maps/{key}/stages/{stage}/kpis")
async def add_kpi(request: Request, key: str, stage: str) -> Response:
    def change(form: Form) -> Change:
        name, target, measure = form.text("name"), form.text("target"), kpi_measure(form)
        return lambda data: edits.add_kpi(data, stage, name, target=target, measure=measure)

    return await edit_map(request, key, change)


@router.post("/maps/{key}/stages/{stage}/lanes")
async def set_stage_lanes(request: Request, key: str, stage: str) -> Response:
    def change(form: Form) -> Change:
        lanes = {lane: form.text(lane) for lane in edits.STAGE_LANES if lane in form}
        return lambda data: edits.set_stage_lanes(data, stage, lanes)

    return await edit_map(request, key, change)


@router.post("/maps/{key}/stages/{stage}/emotions")
async def set_emotion(request: Request, key: str, stage: str) -> Response:
    def change(form: Form) -> Change:
        score = _score(form)
        persona, label = form.text("persona"), form.text("label")
        return lambda data: edits.set_emotion(data, stage, persona, score, label)

    return await edit_map(request, key, change)


@router.post("/maps/{key}/stages/{stage}/barriers")
async def add_barrier(request: Request, key: str, stage: str) -> Response:
    return await edit_map(
        request,
        key,
        lambda f: lambda d: edits.add_barrier(d, stage, f.text("text"), f.text("severity")),
    )


@router.post("/maps/{key}/stages/{stage}/barriers/{barrier}/delete")
async def delete_barrier(request: Request, key: str, stage: str, barrier: str) -> Response:
    return await edit_map(request, key, lambda f: lambda d: edits.delete_barrier(d, stage, barrier))


@router.post("/maps/{key}/stages/{stage}/barriers/{barrier}/solutions")
async def add_solution(request: Request, key: str, stage: str, barrier: str) -> Response:
    return await edit_map(
        request,
        key,
        lambda f: (
            lambda d: edits.add_solution(
                d,
                stage,
                barrier,
                f.text("text"),
                f.text("owner"),
                **f.fields("status", numbers=("effort",)),
            )
        ),
    )
