"""Rate limits of the unsubscribe endpoint: per client address and per token, token buckets
that refill over a minute (`[serve] unsubscribe_per_ip`, `unsubscribe_per_token`).

The link needs no key, so these are what stops a script from hammering it (guessing tokens
from one address, or replaying one token from many). Over a limit the endpoint answers 429 with
`Retry-After` (whole seconds until the bucket has a request again) and a JSON body. The state
is per process and in memory (a restart forgets it; behind several workers each counts alone).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from fastapi import Request

from journeymap.model.serve_config import ServeSettings

MAX_KEYS = 100_000
"""Buckets kept per limit; past it the full (idle) ones are dropped first."""


class MinuteBuckets:
    """`per_minute` requests per key at once, refilled at `per_minute` a minute."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when the request may go (and is counted), else the seconds to wait."""
        if self.capacity <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return (1 - tokens) / self.rate
            self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > MAX_KEYS:
                self._forget_idle(now)
            return 0.0

    def _forget_idle(self, now: float) -> None:
        full = [
            key
            for key, (tokens, last) in self._buckets.items()
            if tokens + (now - last) * self.rate >= self.capacity
        ]
        for key in full or list(self._buckets)[: len(self._buckets) // 2]:
            del self._buckets[key]


class UnsubscribeLimits:
    def __init__(self, serve: ServeSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_ip = MinuteBuckets(serve.unsubscribe_per_ip, clock)
        self.per_token = MinuteBuckets(serve.unsubscribe_per_token, clock)
        self.trust_forwarded = serve.unsubscribe_trust_forwarded

    def retry_after(self, request: Request, token: str) -> int | None:
        """None when the request may go, else the whole seconds `Retry-After` says."""
        wait = self.per_ip.take(self.address(request))
        if not wait and token:
            wait = self.per_token.take(token)
        return max(1, math.ceil(wait)) if wait else None

    def address(self, request: Request) -> str:
        if self.trust_forwarded:
            forwarded = request.headers.get("x-forwarded-for", "").split(",")[0].strip()
            if forwarded:
                return forwarded
        return request.client.host if request.client else "?"
