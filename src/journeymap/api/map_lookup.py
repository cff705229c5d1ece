"""A map named in a request: its file (404 with the closest names) and its model (422 with the
problems when it does not load). `field` is the parameter the error points at. Once found, the
rest of the request speaks the map's `language:` when nothing else chose (api/language.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.api.errors import ApiError
from journeymap.api.language import follow_map_language
from journeymap.i18n import gettext as _
from journeymap.service.map_files import MapFile, find_map_file, map_files

if TYPE_CHECKING:
    from journeymap.model.journey import JourneyMap


def map_file(folder: Path | None, name: str, field: str) -> MapFile:
    found = find_map_file(folder, name)
    if found is None:
        from journeymap.model.references import closest

        names = [f.name for f in map_files(folder)]
        hint = _("known maps: {names}", names=", ".join(closest(name, names) or names) or "-")
        message = _("no map named {name}", name=repr(name))
        raise ApiError(404, "unknown_map", message, field, hint=hint)
    follow_map_language(found.path)
    return found


def load_journey(found: MapFile, field: str) -> JourneyMap:
    from journeymap.model import MapError, load_map

    try:
        return load_map(found.path)
    except MapError as error:
        message = _("the map {name} is not valid; see /v1/maps/{name}/validate", name=found.name)
        problems = [p.as_dict() for p in error.problems]
        raise ApiError(422, "invalid_map", message, field, problems=problems) from None
