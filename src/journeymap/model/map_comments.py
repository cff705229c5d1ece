"""Comments on a map's cells and items, kept next to the map (not in it: the map format has no
place for discussion, and a comment is not a claim about the customer).

They live in the workspace's `.journeymap/comments/<map>.json`, one list per map file, written
whole and atomically under a lock. A comment points at a *target*:

- a cell, a stage x lane: `stage/<stage id>/<lane>` (`stage/checkout/fears`,
  `stage/checkout/emotions`);
- an item: `stage/<stage id>/barrier/<barrier id>`, `stage/<stage id>/kpi/<kpi id>`,
  `touchpoint/<touchpoint id>`, `persona/<persona id>`.

Comments are never deleted by the editor: they are resolved (and can be reopened), so the
discussion stays readable.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from journeymap.i18n import gettext as _
from journeymap.model.journey import JourneyMap

COMMENTS_FOLDER = Path(".journeymap") / "comments"
MAX_COMMENT_CHARS = 4000
ITEM_LANES = ("touchpoints", "emotions", "barriers", "kpis", "evidence")
"""Lanes of a stage that are not text lists but can still be commented on as cells."""

_LOCK = threading.Lock()


class CommentError(ValueError):
    """A comment that cannot be added or changed (empty, unknown target, unknown id)."""


@dataclass
class Comment:
    id: str
    target: str
    text: str
    author: str
    created_at: str
    """UTC, ISO 8601 with seconds."""
    resolved: bool = False
    resolved_by: str = ""
    resolved_at: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def comments_file(root: Path, map_path: Path) -> Path:
    return root / COMMENTS_FOLDER / f"{map_path.stem}.json"


def load_comments(root: Path, map_path: Path) -> list[Comment]:
    """The comments on a map, oldest first (none yet: an empty list)."""
    file = comments_file(root, map_path)
    if not file.is_file():
        return []
    try:
        return [Comment(**row) for row in json.loads(file.read_text(encoding="utf-8"))]
    except (ValueError, TypeError) as error:  # a file edited by hand and broken
        raise CommentError(
            _("{file} cannot be read ({error}): fix or remove it", file=str(file), error=error)
        ) from None


def _write(root: Path, map_path: Path, comments: list[Comment]) -> None:
    file = comments_file(root, map_path)
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_name(f".{file.name}.saving")
    text = json.dumps([c.as_dict() for c in comments], ensure_ascii=False, indent=1)
    temporary.write_text(text + "\n", encoding="utf-8")
    temporary.replace(file)


def comment_targets(journey: JourneyMap, lanes: tuple[str, ...]) -> set[str]:
    """Every target a comment on `journey` may point at (`lanes`: the stage's text lanes)."""
    targets = {f"persona/{p.id}" for p in journey.personas}
    targets |= {f"touchpoint/{t.id}" for t in journey.touchpoints}
    for stage in journey.stages:
        base = f"stage/{stage.id}"
        targets |= {f"{base}/{lane}" for lane in (*lanes, *ITEM_LANES)}
        targets |= {f"{base}/barrier/{b.id}" for b in stage.barriers}
        targets |= {f"{base}/kpi/{k.id}" for k in stage.kpis}
    return targets


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def add_comment(
    root: Path, map_path: Path, target: str, text: str, author: str, *, known: set[str]
) -> Comment:
    """Add a comment on `target` (one of `known`, see `comment_targets`)."""
    text = text.strip()
    if not text:
        raise CommentError(_("the comment is empty"))
    if len(text) > MAX_COMMENT_CHARS:
        raise CommentError(_("a comment holds at most {count} characters", count=MAX_COMMENT_CHARS))
    if target not in known:
        raise CommentError(_("nothing to comment on at '{target}' in this map", target=target))
    comment = Comment(secrets.token_hex(6), target, text, author, _now())
    with _LOCK:
        comments = load_comments(root, map_path)
        comments.append(comment)
        _write(root, map_path, comments)
    return comment


def resolve_comment(
    root: Path, map_path: Path, comment_id: str, author: str, *, resolved: bool = True
) -> Comment:
    """Mark a comment resolved (or open again with `resolved=False`)."""
    with _LOCK:
        comments = load_comments(root, map_path)
        for comment in comments:
            if comment.id == comment_id:
                comment.resolved = resolved
                comment.resolved_by = author if resolved else ""
                comment.resolved_at = _now() if resolved else ""
                _write(root, map_path, comments)
                return comment
    raise CommentError(_("no comment with id '{id}' on this map", id=comment_id))
