"""Undo and redo in the editor: server-side (`model.map_undo`), so they survive a reload; each
checks the version token like any edit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from journeymap.i18n import gettext as _
from journeymap.model.loader import MapDocument
from journeymap.model.map_undo import redo, undo
from journeymap.web.editor_routes import save_answer
from journeymap.web.maps_access import map_path
from journeymap.web.visit import mutation, state_of

router = APIRouter()

Step = Callable[[Path, Path, str, str], MapDocument | None]


def _steps() -> dict[str, tuple[Step, str, str]]:
    """Each step: what it does, its notice and what it says when there is nothing to do (in the
    request's language, hence a function)."""
    return {
        "undo": (undo, _("Undone."), _("nothing to undo")),
        "redo": (redo, _("Redone."), _("nothing to redo")),
    }


@router.post("/maps/{key}/undo")
@router.post("/maps/{key}/redo")
async def undo_or_redo(request: Request, key: str) -> Response:
    """Undo the last change (again: the one before it), or redo what the last undo took back (a
    new edit since then leaves nothing to redo); conflicts as any edit."""
    step, done, nothing = _steps()[request.url.path.rsplit("/", 1)[-1]]
    user, form = await mutation(request)
    root, path, token = state_of(request).root, map_path(request, key), form.text("token")
    return await save_answer(
        request, key, lambda: step(root, path, token, user.name), done=done, nothing=nothing
    )
