"""Reordering stages, touchpoints and solutions: one endpoint for the drag-and-drop of the grid
(`static/editor-reorder.js`) and for the move up/down buttons that work by keyboard and
without JavaScript. The move is made on the YAML tree, comments kept, with the version check
of every edit (409 on a conflict)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from journeymap.i18n import gettext as _
from journeymap.model.map_history import apply_tree_edit
from journeymap.model.map_reorder import reorder_item
from journeymap.web.editor_routes import save_answer
from journeymap.web.maps_access import map_path
from journeymap.web.visit import mutation, state_of

router = APIRouter()


@router.post("/maps/{key}/reorder")
async def reorder(request: Request, key: str) -> Response:
    """Form fields: `kind` (stage, touchpoint, solution), `item` (an id, or a solution's
    number from 0), `to` (the place it moves to, from 0), and for a solution `stage` and
    `barrier`; `token` and the CSRF token as every edit."""
    user, form = await mutation(request)
    to = form.number("to")
    if to is None:
        place = repr(form.text("to"))
        raise HTTPException(422, _("{value} is not a place in the list", value=place))
    root, path, token = state_of(request).root, map_path(request, key), form.text("token")
    kind, item = form.text("kind"), form.text("item")
    stage, barrier = form.text("stage"), form.text("barrier")

    def move(data: object) -> int:
        return reorder_item(data, kind, item, to, stage=stage, barrier=barrier)

    return await save_answer(
        request, key, lambda: apply_tree_edit(root, path, token, move, user.name), done=_("Moved.")
    )
