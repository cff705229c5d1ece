"""E-mail for notices of new comments, when the workspace can send mail: its automations'
settings (`automations/settings.yaml`) have a channel of kind `smtp`. The message goes through
orchestrate's `SmtpChannel` (the same server, sender and login as the automations' e-mail), to
each user who gave an address. It is sent after the comment's answer (a background task of the
request, `mail_comment_later`), so a slow server never holds the answer up; a failed send is
logged and recorded on the notice (`Notice.mail`), the comment and the in-app notice stay."""

from __future__ import annotations

import logging
from pathlib import Path

from journeymap.i18n import gettext as _
from journeymap.i18n import use_language
from journeymap.model import MapError
from journeymap.model.map_comments import Comment
from journeymap.orchestrate.channels import ChannelError, Outgoing, SmtpChannel
from journeymap.orchestrate.load import read_settings
from journeymap.service.accounts import Accounts
from journeymap.web.notifications import record_mail

AUTOMATIONS_FOLDER = "automations"
SMTP_TIMEOUT = 5.0
"""Seconds a send may wait for the server: it holds a worker thread meanwhile."""

log = logging.getLogger(__name__)


def smtp_channel(root: Path) -> SmtpChannel | None:
    """The workspace's SMTP channel, or None (no such setting, or settings that do not load)."""
    folder = root / AUTOMATIONS_FOLDER
    try:
        settings = read_settings(folder if folder.is_dir() else None)
    except MapError:
        return None
    for config in settings.channels.values():
        if config.kind == "smtp":
            return SmtpChannel(config, timeout=SMTP_TIMEOUT)
    return None


def comment_email(
    map_key: str, comment: Comment, name: str, address: str, language: str
) -> Outgoing:
    with use_language(language):
        subject = _("New comment on {map} by {author}", map=map_key, author=comment.author)
        text = _(
            "{author} commented on {target} of the map {map}:\n\n{text}\n\n"
            "Open the map at /maps/{map}; your notices are at /notifications.",
            author=comment.author,
            target=comment.target,
            map=map_key,
            text=comment.text,
        )
    return Outgoing(
        key=f"comment-{comment.id}-{name}",
        chain="comments",
        person_id=name,
        channel="email",
        address=address,
        language=language,
        subject=subject,
        text=text,
        html=None,
        unsubscribe_url=None,
    )


def mail_comment(
    root: Path,
    accounts: Accounts,
    users: list[str],
    map_key: str,
    comment: Comment,
    *,
    language: str | None = None,
) -> int:
    """Send the notice of `comment` to those of `users` with an address, and record on each
    one's notice whether it went; how many went. Each is in the user's chosen language, else
    `language` (the workspace's), else English."""
    channel = smtp_channel(root) if users else None
    if channel is None:
        return 0
    outcomes: dict[str, str] = {}
    for name in users:
        user = accounts.get(name)
        if user is None or not user.email:
            continue
        chosen = user.language or language or "en"
        message = comment_email(map_key, comment, name, user.email, chosen)
        try:
            channel.send(message)
        except ChannelError as error:
            log.warning("comment notice to %s not sent: %s", name, error)
            outcomes[name] = "failed"
            continue
        outcomes[name] = "sent"
    record_mail(root, comment.id, outcomes)
    return sum(outcome == "sent" for outcome in outcomes.values())


def mail_comment_later(
    root: Path,
    accounts: Accounts,
    users: list[str],
    map_key: str,
    comment: Comment,
    *,
    language: str | None = None,
) -> None:
    """`mail_comment` as a background task, after the answer has gone: nobody is left to see
    an error, so any is logged (the comment and its notices are already saved)."""
    try:
        mail_comment(root, accounts, users, map_key, comment, language=language)
    except Exception:
        log.exception("comment notices of %s on %s not mailed", comment.id, map_key)
