"""Finding a map of the workspace by its key (the file name without `.yaml`)."""

from __future__ import annotations

from pathlib import Path

from fastapi import HTTPException, Request

from journeymap.i18n import gettext as _
from journeymap.web.visit import follow_map_language, state_of


def strip_json(key: str) -> str:
    return key.removesuffix(".json")


def map_path(request: Request, key: str) -> Path:
    """The map file of `key`; 404 when the workspace has none. The rest of the request speaks
    the map's `language:` when nothing else chose a language (`follow_map_language`)."""
    wanted = strip_json(key)
    for path in state_of(request).workspace().map_paths():
        if path.stem == wanted:
            follow_map_language(request, path)
            return path
    raise HTTPException(404, _("no map '{key}' in this workspace", key=wanted))
