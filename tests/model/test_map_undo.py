"""Undo and redo stacks replayed from the history's actions; user names never pass for one."""

from __future__ import annotations

from pathlib import Path

from journeymap.model import map_edits as edits
from journeymap.model.map_history import Version, apply_edit, version_token, versions
from journeymap.model.map_undo import history_stacks, redo, undo, undo_stacks
from tests.model.test_map_edits import MAP


def _history(*actions: str) -> list[Version]:
    """Versions named v0, v1, ... made by these actions, newest first as `versions` gives them."""
    found = [Version(f"v{i}", "", "", "anna", action) for i, action in enumerate(actions)]
    return found[::-1]


def test_an_undo_after_an_edit_made_after_an_undo_skips_the_undone_change() -> None:
    # file, e1, e2, undo (to e1), e3, undo (to e1 again, not to the undone e2)
    stacks = undo_stacks(_history("file", "edit", "edit", "undo", "edit", "undo"))
    assert stacks.done == ["v0", "v1"]
    assert stacks.undone == ["v4"]
    assert (stacks.undo_target, stacks.redo_target) == ("v0", "v4")


def test_redo_walks_forward_and_a_new_edit_clears_it() -> None:
    two_undos = ("file", "edit", "edit", "undo", "undo")
    assert undo_stacks(_history(*two_undos)).redo_target == "v1"
    assert undo_stacks(_history(*two_undos, "redo")).redo_target == "v2"
    assert undo_stacks(_history(*two_undos, "redo", "edit")).redo_target is None
    assert undo_stacks(_history(*two_undos, "redo", "edit")).undo_target == "v1"  # as v5
    assert undo_stacks(_history("file")).undo_target is None


def test_users_named_undo_and_redo_edit_like_anyone(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(MAP, encoding="utf-8")
    for author, name in (("undo", "Pay"), ("redo", "Wait")):
        token = version_token(path.read_text(encoding="utf-8"))
        apply_edit(tmp_path, path, token, lambda d, n=name: edits.add_stage(d, n), author)
    found = versions(tmp_path, path)
    assert [(v.author, v.action) for v in found] == [
        ("redo", "edit"),
        ("undo", "edit"),
        ("file", "file"),
    ]
    assert len(history_stacks(tmp_path, path).done) == 3  # two edits, nothing undone
    after_two = path.read_text(encoding="utf-8")
    undo(tmp_path, path, version_token(after_two), "undo")  # the user undo undoes
    assert next((v.author, v.action) for v in versions(tmp_path, path)) == ("undo", "undo")
    redo(tmp_path, path, version_token(path.read_text(encoding="utf-8")), "redo")
    assert path.read_text(encoding="utf-8") == after_two
    assert next((v.author, v.action) for v in versions(tmp_path, path)) == ("redo", "redo")


def test_versions_saved_before_actions_had_a_field_still_replay(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    folder = tmp_path / ".journeymap" / "history" / "shop"
    folder.mkdir(parents=True)
    old = ["file", "anna", "anna", "undo", "redo"]  # the tail was the author alone
    for i, tail in enumerate(old):
        (folder / f"20260101T00000{i}000000Z-{i:016x}-{tail}.yaml").write_text(MAP, "utf-8")
    found = versions(tmp_path, path)
    assert [v.action for v in reversed(found)] == ["file", "edit", "edit", "undo", "redo"]
    assert [v.author for v in reversed(found)] == old
    assert history_stacks(tmp_path, path).redo_target is None
