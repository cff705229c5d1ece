"""Rate limits of the unsubscribe endpoint: per client address and per token, token buckets
that refill over a minute (`[serve] unsubscribe_per_ip`, `unsubscribe_per_token`).

The link needs no key, so these are what stops a script from hammering it (guessing tokens
from one address, or replaying one token from many). Over a limit the endpoint answers 429 with
`Retry-After` (whole seconds until the bucket has a request again) and a JSON body.

The buckets are shared by every process of the service (`journeymap serve --workers N`, the read
process): they live in a small SQLite file beside the spool (`LIMITS_FILE` in the workspace's
`.journeymap/`), each take one short write transaction (WAL, `BEGIN IMMEDIATE`). SQLite rather
than the store: the store's DuckDB file belongs to the loader (DuckDB lets one process write a
file), while the workers already share only files in that folder (the spool, the key file), and
SQLite is made for several processes writing one small file. The file is bounded and expires by
itself: a bucket idle for a minute is full again, the same as no row, so such rows are deleted
(every `PRUNE_EVERY` takes of a process, and at once past `MAX_KEYS`). The clock is wall time
(`time.time`), the one clock processes share.
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from fastapi import Request

from journeymap.model.serve_config import ServeSettings

MAX_KEYS = 100_000
"""Buckets kept per limit; past it the idle ones go, then the longest unused."""
PRUNE_EVERY = 1_000
"""Takes of one process between two deletions of the idle (full) buckets."""
LIMITS_FILE = "unsubscribe-limits.sqlite"
"""The shared buckets' file, in the folder of the spool."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS buckets (
    name TEXT NOT NULL, key TEXT NOT NULL, tokens REAL NOT NULL, last REAL NOT NULL,
    PRIMARY KEY (name, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS buckets_last ON buckets (name, last);
"""


class MinuteBuckets:
    """`per_minute` requests per key at once, refilled at `per_minute` a minute; the buckets of
    one `name` in the SQLite file at `path` (None: this process's memory)."""

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.time,
        *,
        path: Path | None = None,
        name: str = "limit",
    ) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.path = path
        self.name = name
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._takes = 0

    def take(self, key: str) -> float:
        """0 when the request may go (and is counted), else the seconds to wait."""
        if self.capacity <= 0:
            return 0.0
        with self._lock:
            connection = self._connect()
            connection.execute("BEGIN IMMEDIATE")  # one process at a time reads and writes
            try:
                now = self.clock()
                wait = self._take(connection, key, now)
                self._takes += 1
                if self._takes % PRUNE_EVERY == 0:
                    self._prune(connection, now)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            return wait

    def _take(self, connection: sqlite3.Connection, key: str, now: float) -> float:
        row = connection.execute(
            "SELECT tokens, last FROM buckets WHERE name = ? AND key = ?", (self.name, key)
        ).fetchone()
        tokens, last = row if row is not None else (self.capacity, now)
        tokens = min(self.capacity, tokens + max(0.0, now - last) * self.rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
        if not wait:
            tokens -= 1
        connection.execute(
            "INSERT OR REPLACE INTO buckets (name, key, tokens, last) VALUES (?, ?, ?, ?)",
            (self.name, key, tokens, now),
        )
        if row is None and self._count(connection) > MAX_KEYS:
            self._prune(connection, now)
        return wait

    def _count(self, connection: sqlite3.Connection) -> int:
        (count,) = connection.execute(
            "SELECT count(*) FROM buckets WHERE name = ?", (self.name,)
        ).fetchone()
        return int(count)

    def _prune(self, connection: sqlite3.Connection, now: float) -> None:
        """Delete the buckets idle long enough to be full; past `MAX_KEYS` also the longest
        unused ones (they lose at most what a minute refills)."""
        full_after = self.capacity / self.rate  # seconds for an empty bucket to fill
        connection.execute(
            "DELETE FROM buckets WHERE name = ? AND last <= ?", (self.name, now - full_after)
        )
        excess = self._count(connection) - MAX_KEYS
        if excess > 0:
            connection.execute(
                "DELETE FROM buckets WHERE name = ? AND key IN (SELECT key FROM buckets "
                "WHERE name = ? ORDER BY last LIMIT ?)",
                (self.name, self.name, excess),
            )

    def size(self) -> int:
        """The buckets kept (for tests and metrics)."""
        with self._lock:
            return self._count(self._connect())

    def _connect(self) -> sqlite3.Connection:
        """This process's connection (a forked worker opens its own)."""
        if self._connection is None or self._pid != os.getpid():
            target = ":memory:"
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                target = str(self.path)
            # autocommit mode: the transactions are the explicit BEGIN IMMEDIATE ... COMMIT
            connection = sqlite3.connect(
                target, timeout=10.0, isolation_level=None, check_same_thread=False
            )
            if self.path is not None:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")  # limits, not records
            connection.executescript(_SCHEMA)
            self._connection, self._pid = connection, os.getpid()
        return self._connection

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


class UnsubscribeLimits:
    def __init__(
        self,
        serve: ServeSettings,
        clock: Callable[[], float] = time.time,
        *,
        path: Path | None = None,
    ) -> None:
        """The two limits, shared through the SQLite file at `path` (None: this process's)."""
        self.per_ip = MinuteBuckets(serve.unsubscribe_per_ip, clock, path=path, name="ip")
        self.per_token = MinuteBuckets(serve.unsubscribe_per_token, clock, path=path, name="token")
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

    def close(self) -> None:
        self.per_ip.close()
        self.per_token.close()
