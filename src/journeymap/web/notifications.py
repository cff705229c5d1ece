"""In-app notifications of new comments: who hears of a comment, and each user's list.

A comment on a map tells the map's owners (the users its `owner:` field names, `web.map_owners`)
and everyone who commented earlier on the same target (the thread), never its own author. The
notices live in the workspace's `.journeymap/notifications.json` (user name -> notices, newest
last), written whole and atomically under a lock, as the comments are; a user marks them read.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from journeymap.model.map_comments import Comment

NOTIFICATIONS_FILE = Path(".journeymap") / "notifications.json"
KEPT = 200
"""Notices kept per user (the oldest read ones go first)."""
EXCERPT_CHARS = 200

_LOCK = threading.Lock()
log = logging.getLogger(__name__)


@dataclass
class Notice:
    id: str
    """The comment's id: one notice per comment and user."""
    map: str
    """The map's key (its address in the app)."""
    target: str
    author: str
    excerpt: str
    created_at: str
    read: bool = False
    mail: str = ""
    """Its e-mail copy: "" none was due (no smtp channel, no address), "sent", or "failed"
    (the reason is in the server's log)."""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def recipients(
    comment: Comment, thread: list[Comment], owners: set[str], users: set[str]
) -> list[str]:
    """Who hears of `comment`: the map's `owners` (user names) and the earlier authors of
    `thread` (the comments on the same target), sorted; never the author, never an unknown
    name."""
    named = {c.author for c in thread if c.target == comment.target and c.id != comment.id}
    named |= owners
    named.discard(comment.author)
    return sorted(named & users)


def _file(root: Path) -> Path:
    return root / NOTIFICATIONS_FILE


def _read(root: Path) -> dict[str, list[Notice]]:
    file = _file(root)
    if not file.is_file():
        return {}
    try:
        rows = json.loads(file.read_text(encoding="utf-8"))
        return {user: [Notice(**n) for n in notices] for user, notices in rows.items()}
    except (ValueError, TypeError, AttributeError) as error:
        # A broken file loses notices, never a comment; say so rather than fail every page.
        log.warning("%s cannot be read (%s): starting its notices afresh", file, error)
        return {}


def _write(root: Path, table: dict[str, list[Notice]]) -> None:
    file = _file(root)
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_name(f".{file.name}.saving")
    rows = {user: [n.as_dict() for n in notices] for user, notices in table.items()}
    temporary.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    temporary.replace(file)


def _trimmed(notices: list[Notice]) -> list[Notice]:
    while len(notices) > KEPT:
        oldest_read = next((n for n in notices if n.read), notices[0])
        notices.remove(oldest_read)
    return notices


def notify(root: Path, users: list[str], map_key: str, comment: Comment) -> None:
    """Add a notice of `comment` on map `map_key` for each of `users`."""
    if not users:
        return
    excerpt = (
        comment.text if len(comment.text) <= EXCERPT_CHARS else comment.text[:EXCERPT_CHARS] + "…"
    )
    with _LOCK:
        table = _read(root)
        for user in users:
            notice = Notice(
                comment.id, map_key, comment.target, comment.author, excerpt, comment.created_at
            )
            table[user] = _trimmed([*table.get(user, []), notice])
        _write(root, table)


def record_mail(root: Path, notice_id: str, outcomes: dict[str, str]) -> None:
    """Write how the e-mail copies of notice `notice_id` went: user name -> "sent"/"failed"."""
    if not outcomes:
        return
    with _LOCK:
        table = _read(root)
        for user, outcome in outcomes.items():
            for notice in table.get(user, []):
                if notice.id == notice_id:
                    notice.mail = outcome
        _write(root, table)


def notices(root: Path, user: str) -> list[Notice]:
    """A user's notices, newest first."""
    return list(reversed(_read(root).get(user, [])))


def unread_count(root: Path, user: str) -> int:
    if not _file(root).is_file():
        return 0
    return sum(not n.read for n in _read(root).get(user, []))


def mark_read(root: Path, user: str, notice_id: str | None = None) -> int:
    """Mark one notice (`notice_id`) or all of a user's notices read; how many changed."""
    with _LOCK:
        table = _read(root)
        changed = 0
        for notice in table.get(user, []):
            if not notice.read and notice_id in (None, notice.id):
                notice.read = True
                changed += 1
        if changed:
            _write(root, table)
    return changed
