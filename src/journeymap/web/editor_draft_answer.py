"""The answer to a draft post: the findings panel next to the form (or its JSON twin)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from journeymap.model.map_edits import MapData
from journeymap.render.measure_text import measure_sentence
from journeymap.web.editor_drafts import DraftCheck, check_draft
from journeymap.web.editor_form_fields import kpi_measure
from journeymap.web.editor_labels import editor_labels
from journeymap.web.forms import Form
from journeymap.web.rendering import render, wants_json

Change = Callable[[MapData], object]


def draft_answer(
    request: Request, path: Path, form: Form, change: Callable[[Form], Change]
) -> Response:
    try:
        check = check_draft(path, change(form))
    except HTTPException as refused:  # a field the form cannot read (a score that is no number)
        check = DraftCheck(errors=[str(refused.detail)])
    sentence = ""
    if check.document is not None and ("measure" in form or "measure_function" in form):
        measure = kpi_measure(form)
        sentence = measure_sentence(measure, check.document.model) if measure else ""
    if wants_json(request):
        return JSONResponse(check.as_dict() | {"measure_sentence": sentence})
    return HTMLResponse(
        render(request, "draft.html.j2", check=check, sentence=sentence, te=editor_labels())
    )
