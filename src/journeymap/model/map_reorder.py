"""Reordering a map's lists: stages, touchpoints and a barrier's solutions.

The move is made on the parsed YAML itself (ruamel's round-trip tree), not on plain data:
an item moves together with the comments inside it, even in lists without ids (solutions),
where matching old and new items by position would leave each comment behind.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from journeymap.i18n import gettext as _
from journeymap.model.map_edits import EditError, _find

ReorderKind = Literal["stage", "touchpoint", "solution"]
REORDER_KINDS: tuple[str, ...] = get_args(ReorderKind)


def _list(data: Any, key: str) -> list[Any]:
    items = data.get(key) if isinstance(data, dict) else None
    return items if isinstance(items, list) else []


def _position(data: Any, kind: str, item: str, stage: str, barrier: str) -> tuple[list[Any], int]:
    """The list that holds the item, and the item's place in it."""
    if kind == "stage":
        stages = _list(data, "stages")
        return stages, stages.index(_find(stages, item, "stage"))
    if kind == "touchpoint":
        touchpoints = _list(data, "touchpoints")
        for index, touchpoint in enumerate(touchpoints):
            if isinstance(touchpoint, dict) and touchpoint.get("id") == item:
                return touchpoints, index
        raise EditError(_("no touchpoint with id '{id}' in this map", id=item))
    if kind == "solution":
        barriers = _list(_find(_list(data, "stages"), stage, "stage"), "barriers")
        solutions = _list(_find(barriers, barrier, "barrier"), "solutions")
        index = int(item) if item.isdigit() else -1
        if not 0 <= index < len(solutions):
            raise EditError(_("no solution number {number} for this barrier", number=item))
        return solutions, index
    kinds = ", ".join(REORDER_KINDS)
    raise EditError(_("cannot reorder '{kind}': one of {kinds}", kind=kind, kinds=kinds))


def reorder_item(
    data: Any, kind: str, item: str, to: int, *, stage: str = "", barrier: str = ""
) -> int:
    """Move one item of the map's `data` (a parsed YAML mapping) to place `to` (0-based,
    clamped to the list); returns the place it ended at.

    `item` is the id of a stage or touchpoint, or the number (0-based) of a solution of the
    barrier `barrier` of the stage `stage`."""
    items, index = _position(data, kind, item, stage, barrier)
    target = max(0, min(len(items) - 1, to))
    items.insert(target, items.pop(index))
    return target
