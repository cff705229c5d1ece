"""API keys: write keys collect, read keys read, admin keys manage. Stored hashed, shown once.

A key reads `jm<kind letter>_<id>_<secret>`; the file keeps the id, a per-key salt and
sha256(salt + secret) (the secret is 32 random bytes, so a slow hash adds nothing); checks
compare in constant time. Revocation is seen by running servers at their next request.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import secrets
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

from journeymap.i18n import gettext

KeyKind = Literal["write", "read", "admin"]
KINDS: Final[tuple[KeyKind, ...]] = ("write", "read", "admin")


class KeyRingError(ValueError):
    """A key operation that cannot be done (unknown id, bad kind)."""


@dataclass(frozen=True)
class KeyRecord:
    id: str
    kind: str
    name: str
    salt: str
    hash: str
    created_at: str
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def public(self) -> dict[str, Any]:
        """What `keys list` shows: everything but salt and hash."""
        return {k: v for k, v in asdict(self).items() if k not in ("salt", "hash")}


def _digest(salt: str, secret: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode()).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class KeyRing:
    """The key file of a workspace; reloads itself when another process changed it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._records: dict[str, KeyRecord] = {}
        self._stamp: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[str, KeyRecord]:
        with self._lock:
            try:
                stat = self.path.stat()
            except FileNotFoundError:
                self._records, self._stamp = {}, None
                return self._records
            stamp = (stat.st_mtime_ns, stat.st_size)
            if stamp != self._stamp:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self._records = {r["id"]: KeyRecord(**r) for r in data.get("keys", [])}
                self._stamp = stamp
            return self._records

    @contextmanager
    def _locked(self) -> Any:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with (self.path.parent / (self.path.name + ".lock")).open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _save(self, records: dict[str, KeyRecord]) -> None:
        temp = self.path.with_name(self.path.name + ".tmp")
        text = json.dumps({"keys": [asdict(r) for r in records.values()]}, indent=2)
        with temp.open("w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        temp.chmod(0o600)
        temp.replace(self.path)

    def create(self, kind: str, name: str = "") -> tuple[KeyRecord, str]:
        """A new key: its record and the key text (shown once, never stored)."""
        if kind not in KINDS:
            raise KeyRingError(
                gettext(
                    "kind must be one of {kinds}, not {kind!r}", kinds=", ".join(KINDS), kind=kind
                )
            )
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        salt = secrets.token_hex(16)
        record = KeyRecord(key_id, kind, name, salt, _digest(salt, secret), _now())
        with self._locked():
            records = dict(self._load())
            records[key_id] = record
            self._save(records)
        return record, f"jm{kind[0]}_{key_id}_{secret}"

    def list(self) -> list[KeyRecord]:
        return sorted(self._load().values(), key=lambda r: r.created_at)

    def revoke(self, key_id: str) -> KeyRecord:
        with self._locked():
            records = dict(self._load())
            if key_id not in records:
                raise KeyRingError(gettext("no key with id {key_id!r}", key_id=key_id))
            record = records[key_id]
            if record.active:
                record = KeyRecord(**{**asdict(record), "revoked_at": _now()})
                records[key_id] = record
                self._save(records)
        return record

    def verify(self, key: str) -> KeyRecord | None:
        """The active record of a key text, or None (unknown, revoked or wrong secret)."""
        prefix, _, rest = key.partition("_")
        key_id, _, secret = rest.partition("_")
        record = self._load().get(key_id)
        if record is None or not record.active or prefix != f"jm{record.kind[0]}":
            return None
        if not hmac.compare_digest(record.hash, _digest(record.salt, secret)):
            return None
        return record
