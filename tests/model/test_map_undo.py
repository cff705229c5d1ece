"""Undo and redo stacks replayed from the history's authors."""

from __future__ import annotations

from journeymap.model.map_history import Version
from journeymap.model.map_undo import undo_stacks


def _history(*authors: str) -> list[Version]:
    """Versions named v0, v1, ... by these authors, newest first as `versions` gives them."""
    found = [Version(f"v{i}", "", "", author) for i, author in enumerate(authors)]
    return found[::-1]


def test_an_undo_after_an_edit_made_after_an_undo_skips_the_undone_change() -> None:
    # file, e1, e2, undo (to e1), e3, undo (to e1 again, not to the undone e2)
    stacks = undo_stacks(_history("file", "anna", "anna", "undo", "anna", "undo"))
    assert stacks.done == ["v0", "v1"]
    assert stacks.undone == ["v4"]
    assert (stacks.undo_target, stacks.redo_target) == ("v0", "v4")


def test_redo_walks_forward_and_a_new_edit_clears_it() -> None:
    two_undos = ("file", "anna", "anna", "undo", "undo")
    assert undo_stacks(_history(*two_undos)).redo_target == "v1"
    assert undo_stacks(_history(*two_undos, "redo")).redo_target == "v2"
    assert undo_stacks(_history(*two_undos, "redo", "boris")).redo_target is None
    assert undo_stacks(_history(*two_undos, "redo", "boris")).undo_target == "v1"  # as v5
    assert undo_stacks(_history("file")).undo_target is None
