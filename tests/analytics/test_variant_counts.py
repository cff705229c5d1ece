"""Packed and pivoted variant counting, and the ordered lists of the DuckDB path, give the same
variants on both engines."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import ibis
import pytest

from journeymap.analytics import variant_counts, variant_lists
from journeymap.analytics.jsonpath import on_duckdb
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


@pytest.mark.parametrize(
    "options",
    [
        {"max_steps": 6, "top": 8},
        {"max_steps": 3, "top": 4, "session_gap": "30m"},
        {"max_steps": 4, "top": 50, "collapse_repeats": True},
    ],
)
def test_ordered_lists_count_what_the_numbered_steps_count(
    make_events: MakeEvents,
    to_records: ToRecords,
    monkeypatch: pytest.MonkeyPatch,
    options: dict[str, Any],
) -> None:
    # on DuckDB the first result comes from one ordered list per case (variant_lists), the
    # second from the general path that PySpark always takes
    events = make_events(log(5))
    expr = variants(events, **options)
    listed = to_records(expr)
    assert ("ARRAY_AGG" in str(ibis.to_sql(expr))) == on_duckdb(events)
    monkeypatch.setattr(variant_lists, "ENABLED", False)
    expr = variants(events, **options)
    numbered = to_records(expr)
    assert "ARRAY_AGG" not in str(ibis.to_sql(expr))
    assert listed == numbered
    assert len(listed) > 3
    assert sum(row["cases"] for row in listed) > 0
