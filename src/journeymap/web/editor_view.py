"""What the editor shows for a map: the map, its version token and its lint findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from journeymap.lint.runner import lint_document
from journeymap.model import MapDocument, load_document
from journeymap.model.map_history import version_token


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
