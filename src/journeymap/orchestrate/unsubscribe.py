"""Signed unsubscribe tokens and the event an unsubscribe becomes.

A token names a person and a list (the chain whose message carried the link):
`PAYLOAD.SIGNATURE`, the payload the URL-safe base64 of `[person, list]` as JSON (or
`[person, list, expires]`, Unix seconds, when the settings give `unsubscribe_token_days`), the
signature
the first 16 bytes of its HMAC-SHA256 under the secret in the environment variable
`unsubscribe_secret_env` names. A link cannot unsubscribe someone else, nor from another list:
changing one character of either part is refused.

An unsubscribe is recorded as an `Unsubscribed` track event (`unsubscribe_event`) that goes
through the collection spool like any event; the runner reads it and suppresses the person for
the list (`properties.chain`) or for every marketing message (no `chain`), and every later send
checks the suppressions (`sending.blocked_by_consent`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

UNSUBSCRIBE_EVENT = "Unsubscribed"
"""An event of this name suppresses the person: on `properties.chain` (one list), on
`properties.channel`, else everywhere."""
DEFAULT_SECRET = "journeymap-unsubscribe"  # noqa: S105 - the fallback of a test workspace
"""Used when the environment variable is not set: set it in production (docs/automations.md)."""


@dataclass(frozen=True)
class UnsubscribeToken:
    person_id: str
    list_id: str
    """The chain the message came from."""
    expires_at: datetime | None = None
    """After this the link is refused as expired (None: it never expires)."""

    def expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and (now or datetime.now(UTC)) >= self.expires_at


def _secret(env: str) -> bytes:
    return os.environ.get(env, DEFAULT_SECRET).encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _signature(payload: str, env: str) -> str:
    return _b64(hmac.new(_secret(env), payload.encode(), hashlib.sha256).digest()[:16])


def unsubscribe_token(
    person_id: str, list_id: str, env: str, *, expires_at: datetime | None = None
) -> str:
    """The token of the person's unsubscribe link for `list_id` (a chain), valid until
    `expires_at` (None: for ever)."""
    named: list[Any] = [person_id, list_id]
    if expires_at is not None:
        named.append(int(expires_at.timestamp()))
    payload = _b64(json.dumps(named, ensure_ascii=False).encode())
    return f"{payload}.{_signature(payload, env)}"


def read_token(token: str, env: str) -> UnsubscribeToken | None:
    """What a token names, or None when it is malformed or its signature does not hold (an
    expired token is returned: `UnsubscribeToken.expired` tells)."""
    payload, _dot, signature = token.strip().partition(".")
    if not payload or not hmac.compare_digest(signature, _signature(payload, env)):
        return None
    try:
        named = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, TypeError, binascii.Error):
        return None
    if not isinstance(named, list) or len(named) not in {2, 3}:
        return None
    person, list_id, *rest = named
    if not isinstance(person, str) or not isinstance(list_id, str) or not person:
        return None
    expires = None
    if rest:
        if not isinstance(rest[0], int):
            return None
        expires = datetime.fromtimestamp(rest[0], UTC)
    return UnsubscribeToken(person, list_id, expires)


def unsubscribe_event(
    token: UnsubscribeToken, *, everything: bool, at: datetime | None = None
) -> dict[str, Any]:
    """The Segment track call of an unsubscribe: from the token's list, or from every marketing
    message (`everything`). `properties.person_id` is the person the runner suppresses (the
    token's, whatever identity stitching does with `userId`)."""
    stamp = (at or datetime.now(UTC)).astimezone(UTC)
    properties: dict[str, Any] = {"person_id": token.person_id, "source": "unsubscribe link"}
    if not everything:
        properties["chain"] = token.list_id
    return {
        "type": "track",
        "event": UNSUBSCRIBE_EVENT,
        "userId": token.person_id,
        "timestamp": stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "properties": properties,
    }
