"""Undo and redo in the editor: server-side (`model.map_undo`), so they survive a reload; each
checks the version token like any edit."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from journeymap.i18n import gettext as _
from journeymap.model.map_undo import redo, undo
from journeymap.web.editor_routes import save_answer
from journeymap.web.maps_access import map_path
from journeymap.web.visit import mutation, state_of

router = APIRouter()


@router.post("/maps/{key}/undo")
async def undo_change(request: Request, key: str) -> Response:
    """Undo the last change (again: the one before it); conflicts as any edit."""
    _user, form = await mutation(request)
    root, path, token = state_of(request).root, map_path(request, key), form.text("token")
    return await save_answer(
        request,
        key,
        lambda: undo(root, path, token),
        done=_("Undone."),
        nothing=_("nothing to undo"),
    )


@router.post("/maps/{key}/redo")
async def redo_change(request: Request, key: str) -> Response:
    """Redo what the last undo took back; a new edit since then leaves nothing to redo."""
    _user, form = await mutation(request)
    root, path, token = state_of(request).root, map_path(request, key), form.text("token")
    return await save_answer(
        request,
        key,
        lambda: redo(root, path, token),
        done=_("Redone."),
        nothing=_("nothing to redo"),
    )
