"""Signed unsubscribe tokens: `PERSON.SIGNATURE`, so a link cannot unsubscribe someone else."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os


def _secret(env: str) -> bytes:
    return os.environ.get(env, "journeymap-unsubscribe").encode()


def _signature(person_id: str, env: str) -> str:
    digest = hmac.new(_secret(env), person_id.encode(), hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def unsubscribe_token(person_id: str, env: str) -> str:
    return f"{person_id}.{_signature(person_id, env)}"


def person_of_token(token: str, env: str) -> str | None:
    """The person a token names, or None when the signature does not hold."""
    person_id, _dot, signature = token.rpartition(".")
    if not person_id or not hmac.compare_digest(signature, _signature(person_id, env)):
        return None
    return person_id
