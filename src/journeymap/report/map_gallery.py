"""The maps of a workspace as a gallery, and new maps from templates or from another map."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

from journeymap.i18n import gettext as _
from journeymap.lint.runner import lint_document
from journeymap.model import MapError, load_document
from journeymap.model.loader import parse_map
from journeymap.model.map_edits import EditError, unique_id
from journeymap.model.workspace import Workspace
from journeymap.model.yamlio import emit_yaml
from journeymap.templates.catalog import get_template

REVIEW_DAYS = 90
"""A map not checked against reality for this long is flagged overdue (as lint's JM rule)."""


@dataclass(frozen=True)
class GalleryEntry:
    """One map of the gallery: what a person needs to pick the map to open."""

    file: str
    """Path relative to the maps folder: the map's address in the web app."""
    id: str
    title: str
    segment: str | None
    owner: str | None
    language: str
    reviewed: str | None
    overdue: bool
    errors: int
    warnings: int
    problem: str | None = None
    """Why the map does not load (then the counts are 0)."""

    @property
    def key(self) -> str:
        """The map's address in the web app: its file name without the suffix."""
        return Path(self.file).stem

    def as_dict(self) -> dict[str, object]:
        return asdict(self) | {"key": self.key}


def map_key(workspace: Workspace, path: Path) -> str:
    return path.relative_to(workspace.maps_dir).as_posix()


def gallery(workspace: Workspace, *, today: dt.date | None = None) -> list[GalleryEntry]:
    """Every map file of the workspace with its lint counts, by title."""
    day = today or dt.datetime.now(dt.UTC).date()
    entries = []
    for path in workspace.map_paths():
        key = map_key(workspace, path)
        try:
            document = load_document(path)
        except MapError as error:
            first = error.problems[0] if error.problems else None
            entries.append(
                GalleryEntry(
                    file=key,
                    id=path.stem,
                    title=path.stem,
                    segment=None,
                    owner=None,
                    language="",
                    reviewed=None,
                    overdue=False,
                    errors=1,
                    warnings=0,
                    problem=str(first) if first else None,
                )
            )
            continue
        journey = document.model
        report = lint_document(document, today=day)
        reviewed = journey.reviewed
        entries.append(
            GalleryEntry(
                file=key,
                id=journey.id,
                title=journey.title,
                segment=journey.segment,
                owner=journey.owner,
                language=journey.language,
                reviewed=reviewed.isoformat() if reviewed else None,
                overdue=reviewed is None or (day - reviewed).days > REVIEW_DAYS,
                errors=sum(f.severity == "error" for f in report.findings),
                warnings=sum(f.severity == "warning" for f in report.findings),
            )
        )
    return sorted(entries, key=lambda e: e.title.casefold())


def _free_path(workspace: Workspace, map_id: str) -> Path:
    taken = {p.stem for p in workspace.map_paths()}
    return workspace.maps_dir / f"{unique_id(map_id, taken)}.yaml"


def create_from_template(workspace: Workspace, template: str, language: str) -> Path:
    """Write a new map file from a template (`classic`, `retail`, the worked examples)."""
    text = get_template(template).map_text(language)
    target = _free_path(workspace, parse_map(text).model.id)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_with_id(text, target.stem), encoding="utf-8")
    return target


def duplicate_map(workspace: Workspace, source: Path, segment: str) -> Path:
    """A copy of a map for another segment (one map per segment), comments kept."""
    if not segment.strip():
        raise EditError(_("segment must not be empty"))
    document = load_document(source)
    target = _free_path(workspace, f"{document.model.id}-{segment}")
    document.data["id"] = target.stem
    document.data["segment"] = segment.strip()
    text = emit_yaml(document.data)
    parse_map(text, filename=str(target))  # the copy loads, or MapError says why
    target.write_text(text, encoding="utf-8")
    return target


def _with_id(text: str, map_id: str) -> str:
    """The template's text with its top-level `id:` set to the new file's name."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.startswith("id:"):
            lines[number] = f"id: {map_id}"
            break
    return "\n".join(lines)
