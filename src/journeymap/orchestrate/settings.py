"""Workspace-wide automation settings (`automations/settings.yaml`): channels, quiet hours,
frequency caps, the global control group, consent and the unsubscribe link."""

from __future__ import annotations

from datetime import time
from typing import Literal

from pydantic import Field

from journeymap.model.base import MapModel
from journeymap.orchestrate.durations import Duration


class ChannelConfig(MapModel):
    """Where messages of a channel go: `smtp`, `webhook` or `outbox`."""

    kind: Literal["smtp", "webhook", "outbox"]
    host: str = "localhost"
    """smtp: the server."""
    port: int = 25
    """smtp: the port."""
    sender: str = "journeymap@localhost"
    """smtp: the From address."""
    starttls: bool = False
    username_env: str | None = None
    """smtp: environment variable holding the login (never the secret itself in the file)."""
    password_env: str | None = None
    url: str | None = None
    """webhook: the URL messages are POSTed to."""
    secret_env: str | None = None
    """webhook: environment variable holding the HMAC-SHA256 signing secret."""
    path: str = "outbox.jsonl"
    """outbox: the JSON-lines file, relative to the workspace."""
    address: str = "traits.email"
    """The profile value that addresses a person on this channel (`traits.email`,
    `traits.phone`, `person_id`)."""


class QuietHours(MapModel):
    """No message (but transactional ones) between `start` and `end`, local time."""

    start: time = time(21, 0)
    end: time = time(9, 0)


class Cap(MapModel):
    """At most `messages` non-transactional messages per person in any `per` window, across
    every chain."""

    messages: int = Field(ge=1)
    per: Duration


class AutomationSettings(MapModel):
    """The settings every chain of a workspace shares."""

    automations: Literal[1] = 1
    channels: dict[str, ChannelConfig] = Field(
        default_factory=lambda: {"email": ChannelConfig(kind="outbox")}
    )
    quiet_hours: QuietHours | None = Field(default_factory=QuietHours)
    default_timezone: str = "UTC"
    """For persons whose profile has no time zone."""
    default_send_hour: int = Field(default=10, ge=0, le=23)
    """Local hour for `best_hour` messages when the profile has no send hour for the channel."""
    caps: list[Cap] = Field(default_factory=lambda: [Cap(messages=3, per=86400)])
    global_holdout: float = Field(default=0.0, ge=0.0, le=0.5)
    """Share of persons held out of every chain."""
    consent: Literal["opt-out", "opt-in"] = "opt-out"
    """opt-in: a person needs the trait `consent_<channel>: true` to get marketing messages."""
    unsubscribe_url: str = "https://example.invalid/unsubscribe?token={token}"
    """`{token}` is a signed token naming the person and the chain (`unsubscribe_token`);
    `journeymap serve` answers `/unsubscribe?token=...` (docs/automations.md)."""
    unsubscribe_secret_env: str = "JOURNEYMAP_UNSUBSCRIBE_SECRET"  # noqa: S105 - the name of a variable, not a secret
    unsubscribe_token_days: int | None = Field(default=None, ge=30)
    """Unsubscribe links expire this many days after the message was sent (at least 30: a link
    must keep working a month, RFC 8058 and anti-spam laws); None: they never expire."""
