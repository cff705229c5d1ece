"""What the editor shows for a map: the map, its version token and its lint findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from journeymap.lint.runner import lint_document
from journeymap.model import MapDocument, load_document
from journeymap.model.map_edits import STAGE_LANES
from journeymap.model.map_history import version_token
from journeymap.render.labels import LABELS, label_language


def lane_names(language: str) -> dict[str, str]:
    """The stage lanes the editor shows, named as the renderers name them."""
    names = LABELS[label_language(language)]
    return {lane: names[lane] for lane in STAGE_LANES}


SOLUTION_STATUSES = ("idea", "planned", "in-progress", "done", "rejected")


def status_names(language: str) -> dict[str, str]:
    """Solution statuses named as the renderers name them."""
    names = LABELS[label_language(language)]
    return {status: names[status] for status in SOLUTION_STATUSES}


def editor_data(path: Path, document: MapDocument | None = None) -> dict[str, Any]:
    """The JSON twin of the editor: map, token, findings (in the current language)."""
    text = path.read_text(encoding="utf-8")
    document = document or load_document(path)
    report = lint_document(document)
    return {
        "key": path.stem,
        "token": version_token(text),
        "map": document.model.model_dump(mode="json", by_alias=True, exclude_unset=True),
        "findings": [{**f.as_dict(), "file": path.name} for f in report.findings],
    }
