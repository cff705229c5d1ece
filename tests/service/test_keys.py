"""Keys: hashed at rest, shown once, kinds kept apart, revocable."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.service.keys import KeyRing, KeyRingError


def test_a_key_verifies_until_revoked_and_is_not_stored(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys.json")
    record, key = ring.create("write", "site")
    assert key.startswith("jmw_")
    assert key.split("_", 2)[2] not in (tmp_path / "keys.json").read_text()
    other = KeyRing(tmp_path / "keys.json")  # another process
    assert other.verify(key) == record
    assert other.verify(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert other.verify("jmr_" + key[4:]) is None  # the kind letter is part of the key
    ring.revoke(record.id)
    assert other.verify(key) is None
    assert [r.id for r in other.list()] == [record.id]
    assert other.list()[0].revoked_at is not None


def test_unknown_kind_and_id_are_refused(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys.json")
    with pytest.raises(KeyRingError, match="kind must be one of"):
        ring.create("superuser")
    with pytest.raises(KeyRingError, match="no key"):
        ring.revoke("nope")
    assert ring.verify("garbage") is None
