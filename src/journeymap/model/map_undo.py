"""Undo and redo of map edits, kept on the server in the map's history (so they survive a
reload, a restart and a second browser).

Every save is a version in the history folder, and undo and redo are saves too (with the
action `undo` or `redo` beside the author who asked, see `map_history.Version`). Replaying the
versions oldest first rebuilds the two stacks a text editor keeps: an edit pushes onto the undo
stack and clears the redo stack; an undo moves the top of the undo stack to the redo stack; a
redo moves it back. So redo works after undo, and a new edit (or a
restore from the history page) clears it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from journeymap.model.loader import MapDocument
from journeymap.model.map_history import Version, save_text, version_text, versions

UNDO = "undo"
REDO = "redo"


@dataclass
class UndoStacks:
    """The versions an undo and a redo would restore (names in the history folder)."""

    done: list[str] = field(default_factory=list)
    """Oldest first; the last is the current version, the one before it what undo restores."""
    undone: list[str] = field(default_factory=list)
    """The last is what redo restores."""

    @property
    def undo_target(self) -> str | None:
        return self.done[-2] if len(self.done) > 1 else None

    @property
    def redo_target(self) -> str | None:
        return self.undone[-1] if self.undone else None


def undo_stacks(found: list[Version]) -> UndoStacks:
    """Replay the history (`versions`, newest first) into undo and redo stacks."""
    stacks = UndoStacks()
    for version in reversed(found):
        if version.action == UNDO and len(stacks.done) > 1:
            stacks.undone.append(stacks.done.pop())
        elif version.action == REDO and stacks.undone:
            stacks.done.append(stacks.undone.pop())
        else:  # an edit, a restore, or the file as it was before the first edit
            stacks.done.append(version.name)
            stacks.undone.clear()
    return stacks


def history_stacks(root: Path, map_path: Path) -> UndoStacks:
    return undo_stacks(versions(root, map_path))


def _restore(
    root: Path, map_path: Path, token: str, name: str | None, *, author: str, action: str
) -> MapDocument | None:
    if name is None:
        return None
    text = version_text(root, map_path, name)
    return save_text(root, map_path, token, text, author, action=action)


def undo(root: Path, map_path: Path, token: str, author: str) -> MapDocument | None:
    """Restore the version before the last change (None when there is nothing to undo)."""
    target = history_stacks(root, map_path).undo_target
    return _restore(root, map_path, token, target, author=author, action=UNDO)


def redo(root: Path, map_path: Path, token: str, author: str) -> MapDocument | None:
    """Restore the change the last undo took back (None when there is nothing to redo)."""
    target = history_stacks(root, map_path).redo_target
    return _restore(root, map_path, token, target, author=author, action=REDO)
