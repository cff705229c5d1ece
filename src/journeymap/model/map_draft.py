"""A change to a map tried without saving it: what the editor checks while someone types."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from journeymap.model.loader import MapDocument, model_data, parse_map
from journeymap.model.map_edits import MapData
from journeymap.model.yamlio import emit_yaml, merge_into


def preview_edit(map_path: Path, edit: Callable[[MapData], object]) -> MapDocument:
    """The map as `edit` would leave it, loaded by the same loader as `validate` (raises
    `MapError` with its messages, or the edit's `EditError`); the file is not touched."""
    text = map_path.read_text(encoding="utf-8")
    document = parse_map(text, filename=str(map_path))
    data = model_data(document.model)
    edit(data)
    merge_into(document.data, data)
    draft = parse_map(emit_yaml(document.data), filename=str(map_path))
    draft.path = map_path
    return draft
