"""The maps a service serves: the files of the workspace's maps folder, found by name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAP_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class MapFile:
    """A map file and the name the API uses for it (the file name without `.yaml`)."""

    name: str
    path: Path


def map_files(folder: Path | None) -> list[MapFile]:
    """Every map file under `folder`, sorted by name (none when there is no folder)."""
    if folder is None or not folder.is_dir():
        return []
    paths = sorted(p for p in folder.rglob("*") if p.suffix in MAP_SUFFIXES and p.is_file())
    return [MapFile(_name(folder, p), p) for p in paths]


def _name(folder: Path, path: Path) -> str:
    relative = path.relative_to(folder).with_suffix("")
    return ".".join(relative.parts)


def find_map_file(folder: Path | None, name: str) -> MapFile | None:
    """The map called `name` (file name without suffix), or None."""
    return next((found for found in map_files(folder) if found.name == name), None)
