"""The bindings picker of a touchpoint: the event names and property keys in the workspace's
store, and how many events each binding (as typed, before saving) matches."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from journeymap.analytics.binding_counts import (
    EventName,
    binding_counts,
    event_names,
    property_keys,
)
from journeymap.model import MapError, load_document
from journeymap.model.binding import Binding
from journeymap.model.map_item_edits import SimpleBinding
from journeymap.store import StoreError
from journeymap.web.editor_extras import binding_rows
from journeymap.web.editor_form_fields import form_bindings
from journeymap.web.editor_labels import editor_labels
from journeymap.web.maps_access import map_path
from journeymap.web.rendering import render, wants_json
from journeymap.web.visit import mutation, signed_in
from journeymap.web.workspace_store import workspace_store

router = APIRouter()


@dataclass
class Picker:
    """What the picker shows; `store_error` when the store cannot be read."""

    names: list[EventName] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    rows: list[tuple[SimpleBinding, int | None]] = field(default_factory=list)
    store_error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "events": [{"name": n.name, "events": n.events} for n in self.names],
            "property_keys": self.keys,
            "bindings": [{**r.as_data(), "events": n} for r, n in self.rows],
            "store_error": self.store_error or None,
        }


def _binding(row: SimpleBinding) -> Binding | None:
    try:
        return Binding.model_validate(row.as_data())
    except ValidationError:
        return None


def picker(request: Request, rows: list[SimpleBinding]) -> Picker:
    try:
        store = workspace_store(request)
    except StoreError as error:
        return Picker(rows=[(r, None) for r in rows], store_error=str(error))
    with store:
        events = store.events()
        bindings = [_binding(r) for r in rows]
        counts = iter(binding_counts(events, [b for b in bindings if b is not None]))
        return Picker(
            names=event_names(events),
            keys=property_keys(events),
            rows=[
                (r, next(counts) if b is not None else None)
                for r, b in zip(rows, bindings, strict=True)
            ],
        )


@router.post("/maps/{key}/touchpoints/{touchpoint}/bindings")
@router.get("/maps/{key}/touchpoints/{touchpoint}/bindings")
async def binding_picker(request: Request, key: str, touchpoint: str) -> Response:
    """The picker for the rows posted (the form as typed), else the touchpoint's saved ones."""
    rows = None
    if request.method == "POST":  # a post carries the CSRF token like every form
        _user, form = await mutation(request, edit=False)
        rows = form_bindings(form)
    else:
        signed_in(request)
    path = map_path(request, key)
    if rows is None:
        try:
            journey = load_document(path).model
        except MapError:
            journey = None
        found = [t for t in journey.touchpoints if t.id == touchpoint] if journey else []
        rows = binding_rows(found[0]).simple if found else []
    result = await run_in_threadpool(picker, request, rows)
    if wants_json(request):
        return JSONResponse(result.as_dict())
    body = render(request, "binding_picker.html.j2", picker=result, te=editor_labels(),
                  list_id=request.query_params.get("list", f"tp-{touchpoint}-edit"))  # fmt: skip
    return HTMLResponse(body)
