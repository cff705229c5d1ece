"""Editing the evidence of a persona, a stage or a barrier: add, change, remove. Each is a small
form saved and linted like every editor change (`editor_routes.edit_map`): replacing an assumption
with an interview shows the evidence findings it fixes while it is typed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from journeymap.i18n import gettext as _
from journeymap.model import map_evidence_edits as evidence
from journeymap.model.map_edits import EditError, MapData
from journeymap.web.editor_draft_answer import Change
from journeymap.web.editor_routes import edit_map
from journeymap.web.forms import Form

router = APIRouter()

PERSONA = "/maps/{key}/personas/{persona}/evidence"
STAGE = "/maps/{key}/stages/{stage}/evidence"
BARRIER = "/maps/{key}/stages/{stage}/barriers/{barrier}/evidence"


def _entry(form: Form) -> str | dict[str, Any]:
    size = form.number("sample_size")
    if size is None and form.text("sample_size").strip():
        typed = repr(form.text("sample_size"))
        raise EditError(_("the sample size must be a whole number, not {value}", value=typed))
    return evidence.evidence_entry(form.text("source"), form.text("note"), form.text("link"), size)


def _holder(data: MapData, request: Request) -> dict[str, Any]:
    where = request.path_params
    return evidence.evidence_holder(
        data,
        stage=where.get("stage", ""),
        barrier=where.get("barrier", ""),
        persona=where.get("persona", ""),
    )


@router.post(PERSONA)
@router.post(STAGE)
@router.post(BARRIER)
async def add_evidence(request: Request, key: str) -> Response:
    def change(form: Form) -> Change:
        return lambda data: evidence.add_evidence(_holder(data, request), _entry(form))

    return await edit_map(request, key, change)


@router.post(PERSONA + "/{number}")
@router.post(STAGE + "/{number}")
@router.post(BARRIER + "/{number}")
async def edit_evidence(request: Request, key: str, number: int) -> Response:
    def change(form: Form) -> Change:
        return lambda data: evidence.edit_evidence(_holder(data, request), number, _entry(form))

    return await edit_map(request, key, change)


@router.post(PERSONA + "/{number}/delete")
@router.post(STAGE + "/{number}/delete")
@router.post(BARRIER + "/{number}/delete")
async def delete_evidence(request: Request, key: str, number: int) -> Response:
    return await edit_map(
        request, key, lambda f: lambda d: evidence.delete_evidence(_holder(d, request), number)
    )
