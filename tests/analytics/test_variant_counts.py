"""Packed and pivoted variant counting give the same variants on both engines."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from journeymap.analytics import variant_counts
from journeymap.analytics.paths import variants
from tests.analytics.conftest import MakeEvents, ToRecords

T0 = dt.datetime(2024, 5, 1)


def log(seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for person in range(40):
        at = T0 + dt.timedelta(hours=person)
        for _ in range(rng.randint(1, 9)):
            at += dt.timedelta(minutes=rng.choice([0, 1, 5, 50]))
            event = rng.choice(["Каталог", "cart", "Cart", "checkout", "paid"])
            rows.append({"person_id": f"p{person % 30}", "event": event, "timestamp": at})
    return [{"message_id": f"m{i:03d}", **row} for i, row in enumerate(rows)]


@pytest.mark.parametrize("session_gap", [None, "30m"])
def test_packed_keys_count_what_the_pivot_counts(
    make_events: MakeEvents,
    to_records: ToRecords,
    monkeypatch: pytest.MonkeyPatch,
    session_gap: str | None,
) -> None:
    events = make_events(log(3))
    options: dict[str, Any] = {"max_steps": 6, "top": 8, "session_gap": session_gap}
    packed = to_records(variants(events, **options))
    monkeypatch.setattr(variant_counts, "LIMIT", 0)  # nothing fits: the pivot
    pivoted = to_records(variants(events, **options))
    assert packed == pivoted
    assert sum(row["cases"] for row in packed) == sum(row["cases"] for row in pivoted) > 0
    lengths = {row["variant"]: row["length"] for row in packed if row["length"] is not None}
    assert all(variant.count(" → ") + 1 == n for variant, n in lengths.items())
