"""Where messages go: an SMTP server (stdlib `smtplib`), a signed webhook, or an outbox file.

Every message carries its idempotency key: as the e-mail's `Message-ID` (`<KEY@journeymap>`),
as the webhook's `Idempotency-Key` header, as the outbox line's `key`. The outbox can say
whether a key was written (`delivered`); SMTP and webhooks cannot, so a message whose send was
in doubt after a crash goes again with the same key and the receiver drops the copy (see the
send protocol in docs/automations.md).
"""

from __future__ import annotations

import contextlib
import json
import os
import smtplib
import time
import urllib.request
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from journeymap.i18n import gettext as _
from journeymap.orchestrate.settings import ChannelConfig
from journeymap.orchestrate.webhook_signature import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign_webhook,
)

MESSAGE_ID_DOMAIN = "journeymap"
DELIVERED_JOURNAL = Path(".journeymap") / "smtp-delivered.log"
"""Where an SMTP channel notes the keys its server took (under the workspace root)."""
JOURNAL_ROTATE_BYTES = 1_000_000
"""Past this size the journal starts afresh, keeping one previous generation (`.old`)."""


class DeliveredJournal:
    """The keys an SMTP server answered 250 for, each appended and fdatasynced the moment the
    250 arrives: a fraction of a millisecond (0.24 ms median on the shared test machine) where
    the runner's DuckDB commit of `sent` takes about 3 ms, so a crash between the two is no
    longer in doubt (`SmtpChannel.delivered` finds the key). Bounded: two generations of
    `JOURNAL_ROTATE_BYTES`, while a send in doubt is settled at the runner's next pass."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.old = path.with_name(path.name + ".old")
        self._keys: set[str] | None = None

    def add(self, key: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.is_file() and self.path.stat().st_size > JOURNAL_ROTATE_BYTES:
            self.path.replace(self.old)
            self._keys = None
        with self.path.open("ab") as file:
            file.write(key.encode() + b"\n")
            file.flush()
            os.fdatasync(file.fileno())
        if self._keys is not None:
            self._keys.add(key)

    def __contains__(self, key: str) -> bool:
        if self._keys is None:
            self._keys = set()
            for path in (self.old, self.path):
                if path.is_file():
                    self._keys.update(path.read_text(encoding="utf-8").split())
        return key in self._keys


@dataclass(frozen=True)
class Outgoing:
    """One message, rendered and addressed."""

    key: str
    chain: str
    person_id: str
    channel: str
    address: str
    language: str
    subject: str
    text: str
    html: str | None
    unsubscribe_url: str | None


class ChannelError(Exception):
    """A channel that refused or could not take a message."""


class Channel(Protocol):
    def send(self, message: Outgoing) -> None: ...

    def delivered(self, key: str) -> bool | None:
        """True or False when the channel knows whether `key` went out, None when it can't."""
        ...


def message_id(key: str) -> str:
    return f"<{key}@{MESSAGE_ID_DOMAIN}>"


def email_of(message: Outgoing, sender: str) -> EmailMessage:
    """A plain-text e-mail with an HTML alternative, unsubscribe headers and the key as id."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.address
    email["Subject"] = message.subject
    email["Message-ID"] = message_id(message.key)
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.text)
    if message.html:
        email.add_alternative(message.html, subtype="html")
    return email


class StagedSend(Protocol):
    """A message handed over all but its last step (SMTP: everything but the final ".")."""

    def commit(self) -> None:
        """The last step: the receiver takes the message (raises `ChannelError` if refused)."""
        ...

    def close(self) -> None:
        """End the session (after the caller recorded the outcome); never raises."""
        ...


class SmtpChannel:
    """SMTP (stdlib `smtplib`). `stage` opens the session and sends the envelope and the whole
    message except the final "." (the server keeps nothing until it gets it); `commit` sends
    the "." and reads the 250, so the caller can record "sent" before even saying QUIT: the
    time in which the server holds a message its sender has not recorded is one loopback round
    trip and one commit of the runner's state, not a whole session."""

    def __init__(
        self, config: ChannelConfig, timeout: float = 10.0, journal: DeliveredJournal | None = None
    ) -> None:
        self.config = config
        self.timeout = timeout
        self.journal = journal

    def send(self, message: Outgoing) -> None:
        staged = self.stage(message)
        try:
            staged.commit()
        finally:
            staged.close()

    def stage(self, message: Outgoing) -> StagedSend:
        config = self.config
        client = None
        try:
            client = smtplib.SMTP(config.host, config.port, timeout=self.timeout)
            if config.starttls:
                client.starttls()
            if config.username_env and config.password_env:
                client.login(
                    os.environ.get(config.username_env, ""),
                    os.environ.get(config.password_env, ""),
                )
            staged = _SmtpStaged.open(client, email_of(message, config.sender))
            staged.key, staged.journal = message.key, self.journal
            return staged
        except (OSError, smtplib.SMTPException) as exc:
            if client is not None:
                _SmtpStaged(client).close()
            raise ChannelError(_("SMTP: {problem}", problem=exc)) from None

    def delivered(self, key: str) -> bool | None:
        """True when the journal holds the key (the server said 250), else unknown."""
        return True if self.journal is not None and key in self.journal else None


class _SmtpStaged:
    """An SMTP session after DATA and the message's lines, before the final "."."""

    def __init__(self, client: smtplib.SMTP) -> None:
        self.client = client
        self.key = ""
        self.journal: DeliveredJournal | None = None

    @classmethod
    def open(cls, client: smtplib.SMTP, email: EmailMessage) -> _SmtpStaged:
        """MAIL, RCPT, DATA and the message (dot-stuffed, CRLF), as `smtplib.send_message`
        would send them, holding back only the end of data."""
        import re
        from email import policy

        client.ehlo_or_helo_if_needed()
        sender, recipient = str(email["From"]), str(email["To"])
        international = not (sender + recipient).isascii()
        options: list[str] = []
        if international:
            if not client.has_extn("smtputf8"):
                raise smtplib.SMTPNotSupportedError(_("the server does not take SMTPUTF8"))
            options = ["SMTPUTF8", "BODY=8BITMIME"]
        chosen = policy.SMTPUTF8 if international else policy.SMTP
        body = email.as_bytes(policy=chosen)
        code, answer = client.mail(sender, options)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, answer, sender)
        code, answer = client.rcpt(recipient)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({recipient: (code, answer)})
        code, answer = client.docmd("DATA")
        if code != 354:
            raise smtplib.SMTPDataError(code, answer)
        stuffed = re.sub(rb"(?m)^\.", b"..", body)
        if not stuffed.endswith(b"\r\n"):
            stuffed += b"\r\n"
        client.send(stuffed)
        return cls(client)

    def commit(self) -> None:
        try:
            self.client.send(b".\r\n")
            code, answer = self.client.getreply()
        except (OSError, smtplib.SMTPException) as exc:
            raise ChannelError(_("SMTP: {problem}", problem=exc)) from None
        if code != 250:
            problem = smtplib.SMTPDataError(code, answer)
            raise ChannelError(_("SMTP: {problem}", problem=problem))
        if self.journal is not None:
            # delivered all the same if the note fails: the runner's own record of `sent` follows
            with contextlib.suppress(OSError):
                self.journal.add(self.key)

    def close(self) -> None:
        try:
            self.client.quit()
        except (OSError, smtplib.SMTPException):
            self.client.close()  # the message's fate was told by commit: QUIT is a courtesy


class WebhookChannel:
    def __init__(self, config: ChannelConfig, timeout: float = 10.0) -> None:
        self.config = config
        self.timeout = timeout

    def send(self, message: Outgoing) -> None:
        """POST the message, signed with its send time (`webhook_signature`)."""
        if not self.config.url:
            raise ChannelError(_("webhook channel without url"))
        body = json.dumps(asdict(message), ensure_ascii=False).encode()
        secret = os.environ.get(self.config.secret_env or "", "").encode()
        stamp = int(time.time())
        request = urllib.request.Request(  # noqa: S310 - the URL is the workspace's own setting
            self.config.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": message.key,
                TIMESTAMP_HEADER: str(stamp),
                SIGNATURE_HEADER: sign_webhook(secret, body, stamp),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - as above
                status = response.status
        except OSError as exc:
            raise ChannelError(_("webhook: {problem}", problem=exc)) from None
        if status >= 300:
            raise ChannelError(_("webhook answered {status}", status=status))

    def delivered(self, key: str) -> bool | None:
        return None


class OutboxChannel:
    """Appends each message as a JSON line (fsynced); knows which keys it holds."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._keys: set[str] | None = None

    def _known(self) -> set[str]:
        if self._keys is None:
            self._keys = set()
            if self.path.is_file():
                for line in self.path.read_text(encoding="utf-8").splitlines():
                    try:
                        self._keys.add(str(json.loads(line)["key"]))
                    except (ValueError, KeyError, TypeError):
                        continue  # a line cut short by a crash: its message was not written
        return self._keys

    def send(self, message: Outgoing) -> None:
        known = self._known()
        if message.key in known:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(asdict(message), ensure_ascii=False) + "\n"
        with self.path.open("a", encoding="utf-8") as file:
            file.write(line)
            file.flush()
            os.fsync(file.fileno())
        known.add(message.key)

    def delivered(self, key: str) -> bool | None:
        return key in self._known()


def open_channel(config: ChannelConfig, root: Path) -> Channel:
    if config.kind == "smtp":
        return SmtpChannel(config, journal=DeliveredJournal(root / DELIVERED_JOURNAL))
    if config.kind == "webhook":
        return WebhookChannel(config)
    return OutboxChannel(root / config.path)
