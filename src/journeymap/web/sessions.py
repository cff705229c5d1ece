"""Signed session cookies and the CSRF token derived from them.

The cookie holds who is signed in and a random nonce, signed with HMAC-SHA256 under the
workspace's secret; the CSRF token is an HMAC of the nonce, so it is bound to the session and
never stored. Every visitor gets a session (anonymous before login) so the login form has a
token too; signing in starts a new session (no fixation).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

COOKIE = "jm_session"
MAX_AGE = 12 * 3600
"""Seconds a session lasts after sign-in."""


@dataclass(frozen=True)
class Session:
    user: str | None
    nonce: str
    issued: float
    """Unix time with sub-second precision (a sign-out in the same second still ends it)."""

    @classmethod
    def new(cls, user: str | None = None) -> Session:
        return cls(user, secrets.token_urlsafe(16), time.time())


def _sign(secret: bytes, payload: bytes) -> str:
    return hmac.new(secret, payload, hashlib.sha256).hexdigest()


def encode(session: Session, secret: bytes) -> str:
    body = json.dumps({"u": session.user, "n": session.nonce, "t": session.issued})
    payload = base64.urlsafe_b64encode(body.encode()).decode()
    return f"{payload}.{_sign(secret, payload.encode())}"


def decode(value: str | None, secret: bytes, *, now: float | None = None) -> Session | None:
    """The session of a cookie, or None when it is missing, forged or expired."""
    if not value or "." not in value:
        return None
    payload, signature = value.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(secret, payload.encode())):
        return None
    try:
        row = json.loads(base64.urlsafe_b64decode(payload.encode()))
        session = Session(row["u"], str(row["n"]), float(row["t"]))
    except (ValueError, KeyError, TypeError):
        return None
    if (now or time.time()) - session.issued > MAX_AGE:
        return None
    return session


def csrf_token(session: Session, secret: bytes) -> str:
    return _sign(secret, f"csrf:{session.nonce}".encode())


def csrf_ok(session: Session, secret: bytes, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(csrf_token(session, secret), token or "")
