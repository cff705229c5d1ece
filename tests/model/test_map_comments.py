"""Comments kept beside a map: targets checked, resolve and reopen, a broken file said so."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.model import load_map
from journeymap.model.map_comments import (
    CommentError,
    add_comment,
    comment_targets,
    comments_file,
    load_comments,
    resolve_comment,
)
from journeymap.model.map_edits import STAGE_LANES
from journeymap.templates.catalog import get_template


def test_comments_are_added_resolved_reopened_and_a_broken_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "maps" / "retail.yaml"
    path.parent.mkdir()
    path.write_text(get_template("retail").map_text("en"), encoding="utf-8")
    known = comment_targets(load_map(path), STAGE_LANES)
    assert {"stage/store-visit/fears", "touchpoint/website", "persona/persona-1"} <= known
    first = add_comment(tmp_path, path, "stage/store-visit/fears", " Why? ", "anna", known=known)
    assert first.text == "Why?"
    with pytest.raises(CommentError):
        add_comment(tmp_path, path, "stage/store-visit/nothing", "x", "anna", known=known)
    resolve_comment(tmp_path, path, first.id, "boris")
    (stored,) = load_comments(tmp_path, path)
    assert (stored.resolved, stored.resolved_by) == (True, "boris")
    resolve_comment(tmp_path, path, first.id, "anna", resolved=False)
    assert load_comments(tmp_path, path)[0].resolved_at == ""
    with pytest.raises(CommentError):
        resolve_comment(tmp_path, path, "no-such-id", "anna")
    comments_file(tmp_path, path).write_text("[{oops", encoding="utf-8")
    with pytest.raises(CommentError, match=r"retail\.json"):
        load_comments(tmp_path, path)
