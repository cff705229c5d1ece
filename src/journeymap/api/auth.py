"""Key checks: HTTP Basic (key as user name), `Authorization: Bearer KEY`, or `writeKey` in the
body of collection calls; a simple per-key token bucket when `rate_limit` is set."""

from __future__ import annotations

import base64
import threading
import time

from fastapi import Request

from journeymap.api.errors import ApiError
from journeymap.i18n import gettext as _
from journeymap.service.keys import KeyRecord, KeyRing


def key_from_header(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (ValueError, UnicodeDecodeError):
            return None
        return decoded.partition(":")[0] or None
    return None


class RateLimiter:
    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key_id: str) -> bool:
        if self.rate <= 0:
            return True
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key_id, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens < 1:
                self._buckets[key_id] = (tokens, now)
                return False
            self._buckets[key_id] = (tokens - 1, now)
            return True


def authorize(
    keys: KeyRing, limiter: RateLimiter, key: str | None, kinds: tuple[str, ...]
) -> KeyRecord:
    """The key's record if it is active and of one of `kinds`; a 401/403/429 otherwise."""
    if not key:
        raise ApiError(
            401,
            "missing_key",
            _("send a key: HTTP Basic with the key as user name, or writeKey in the body"),
            "Authorization",
        )
    record = keys.verify(key)
    if record is None:
        raise ApiError(401, "invalid_key", _("the key is unknown or revoked"), "Authorization")
    if record.kind not in kinds:
        raise ApiError(
            403,
            "wrong_key_kind",
            _(
                "a {kind} key cannot do this; allowed kinds: {kinds}",
                kind=record.kind,
                kinds=", ".join(kinds),
            ),
            "Authorization",
        )
    if not limiter.allow(record.id):
        raise ApiError(429, "rate_limited", _("too many requests for this key; retry later"))
    return record
