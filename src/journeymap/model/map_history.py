"""Saving edits to a map file safely: a version token against lost updates, a history of every
saved version, and restore.

The token is a digest of the file's text: an edit made on a page loaded before someone else saved
carries the old token and is refused with `EditConflictError`, never written over the newer file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeymap.i18n import gettext as _
from journeymap.i18n import suggest_slug
from journeymap.model.loader import MapDocument, model_data, parse_map
from journeymap.model.map_edits import MapData
from journeymap.model.yamlio import emit_yaml, merge_into

HISTORY_FOLDER = Path(".journeymap") / "history"
"""Under the workspace root: one folder of saved versions per map file."""

_LOCK = threading.Lock()
"""One writer at a time inside a process, so the token check and the write are one step."""


class EditConflictError(RuntimeError):
    """The map changed since the editor loaded it (someone else saved first)."""

    def __init__(self, current: str) -> None:
        super().__init__(
            _("this map was changed by someone else since you opened it; reload to see it")
        )
        self.current = current


def version_token(text: str) -> str:
    """The version of a map's text: changes whenever the text changes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


ACTIONS = ("edit", "undo", "redo", "file")
"""What made a version: an edit (or a restore), an undo, a redo, or `file`: the file as it was
before the first edit."""
_ACTION_MARK = "~"
"""Between the action and the author in a version's file name; never in a slug, so no user
name can pass for an action (a user named `undo` stays a user)."""


@dataclass(frozen=True)
class Version:
    name: str
    """File name in the history folder: `<UTC time>-<token>-<action>~<author slug>.yaml`,
    sorted oldest first."""
    saved_at: str
    token: str
    author: str
    action: str = "edit"
    """One of `ACTIONS`."""


def _action_and_author(rest: str) -> tuple[str, str]:
    """The action and author from a file name's tail. Before the action had its own field the
    tail was the author alone, and undo and redo were saved as the authors `undo` and `redo`."""
    action, mark, author = rest.partition(_ACTION_MARK)
    if mark and action in ACTIONS:
        return action, author
    return (rest if rest in ACTIONS else "edit"), rest


def history_folder(root: Path, map_path: Path) -> Path:
    return root / HISTORY_FOLDER / map_path.stem


def _record(root: Path, map_path: Path, text: str, author: str, action: str) -> None:
    folder = history_folder(root, map_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{stamp}-{version_token(text)}-{action}{_ACTION_MARK}{suggest_slug(author)}.yaml"
    (folder / name).write_text(text, encoding="utf-8")


def versions(root: Path, map_path: Path) -> list[Version]:
    """Saved versions of a map, newest first."""
    folder = history_folder(root, map_path)
    found = []
    for file in sorted(folder.glob("*.yaml"), reverse=True) if folder.is_dir() else []:
        stamp, token, rest = [*file.stem.split("-", 2), "", ""][:3]
        saved = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC)
        action, author = _action_and_author(rest)
        saved_at = saved.isoformat(timespec="seconds")
        found.append(Version(file.name, saved_at, token, author, action))
    return found


def version_text(root: Path, map_path: Path, name: str) -> str:
    file = history_folder(root, map_path) / Path(name).name
    return file.read_text(encoding="utf-8")


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def save_text(
    root: Path, map_path: Path, token: str, text: str, author: str, *, action: str = "edit"
) -> MapDocument:
    """Write `text` as the map if the file is still at version `token`; the text must load
    (raises `MapError` with the loader's messages otherwise). Keeps the version in history,
    with its author and `action` (one of `ACTIONS`)."""
    with _LOCK:
        current = map_path.read_text(encoding="utf-8")
        if version_token(current) != token:
            raise EditConflictError(version_token(current))
        document = parse_map(text, filename=str(map_path))
        if not history_folder(root, map_path).is_dir():
            _record(root, map_path, current, "file", "file")  # the version before the first edit
        _write_atomically(map_path, text)
        _record(root, map_path, text, author, action)
    document.path = map_path
    return document


def apply_edit(
    root: Path, map_path: Path, token: str, edit: Callable[[MapData], object], author: str
) -> MapDocument:
    """Apply `edit` to the map's data and save it over the file, comments and order kept."""
    text = map_path.read_text(encoding="utf-8")
    if version_token(text) != token:
        raise EditConflictError(version_token(text))
    document = parse_map(text, filename=str(map_path))
    data = model_data(document.model)
    edit(data)
    merge_into(document.data, data)
    return save_text(root, map_path, token, emit_yaml(document.data), author)


def apply_tree_edit(
    root: Path, map_path: Path, token: str, edit: Callable[[Any], object], author: str
) -> MapDocument:
    """Apply `edit` to the parsed YAML tree itself (for moves that must carry comments along,
    see `map_reorder`) and save it like `apply_edit`."""
    text = map_path.read_text(encoding="utf-8")
    if version_token(text) != token:
        raise EditConflictError(version_token(text))
    document = parse_map(text, filename=str(map_path))
    edit(document.data)
    return save_text(root, map_path, token, emit_yaml(document.data), author)
