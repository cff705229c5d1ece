"""A small seeded log for the segmented analyses, and reference statistics from scipy."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

import pytest
from scipy import stats

from journeymap.analytics.segment_tests import SegmentTest

T0 = dt.datetime(2024, 5, 6)
CHANNELS = ("email", "sms", "web")
STEPS = ["Product Viewed", "Cart Viewed", "Order Completed"]


def segment_log(persons: int = 36, seed: int = 5) -> list[dict[str, Any]]:
    """Persons with a first-touch channel (round robin) walking view -> cart -> order, with a
    `plan` trait and repeat orders; email converts more, web is slower; minutes repeat, so
    durations have ties."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for p in range(persons):
        person, channel = f"p{p:02d}", CHANNELS[p % 3]
        start = T0 + dt.timedelta(hours=5 * p)

        def add(
            minutes: float,
            event: str,
            person: str = person,
            start: Any = start,
            channel: str = channel,
        ) -> None:
            rows.append(
                {"person_id": person, "event": event, "channel": channel,
                 "timestamp": start + dt.timedelta(minutes=minutes)}
            )  # fmt: skip

        rows.append(
            {"person_id": person, "type": "identify", "event": None, "channel": None,
             "timestamp": start, "traits": {"plan": "pro" if p % 4 == 0 else "free"}}
        )  # fmt: skip
        add(0, "Product Viewed")
        t = 0.0
        if rng.random() < {"email": 0.9, "sms": 0.7, "web": 0.6}[channel]:
            t += rng.choice([2, 5, 5, 10]) * (3 if channel == "web" else 1)
            add(t, "Cart Viewed")
            if rng.random() < {"email": 0.8, "sms": 0.5, "web": 0.3}[channel]:
                t += rng.choice([1, 3, 3, 8])
                add(t, "Order Completed")
                for _ in range(rng.choice([0, 0, 1, 2])):
                    t += rng.choice([60, 600, 1440]) * 7
                    add(t, "Product Viewed")
                    add(t + 1, "Order Completed")
    return [{"message_id": f"m{i:04d}", **row} for i, row in enumerate(rows)]


def first_channels(rows: list[dict[str, Any]]) -> dict[str, str]:
    ordered = sorted(
        (r for r in rows if r.get("channel")), key=lambda r: (r["timestamp"], r["message_id"])
    )
    found: dict[str, str] = {}
    for row in ordered:
        found.setdefault(row["person_id"], row["channel"])
    return found


def check_proportion(test: SegmentTest) -> None:
    """The z-test p-value equals the chi-square test of the 2x2 table without correction."""
    assert test.count is not None
    assert test.count_rest is not None
    table = [
        [test.count, test.n - test.count],
        [test.count_rest, test.n_rest - test.count_rest],
    ]
    if min(sum(col) for col in zip(*table, strict=True)) == 0:
        assert test.p_value == 1.0
        return
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    assert test.p_value == _approx(p)
    assert test.statistic**2 == _approx(chi2)


def check_mann_whitney(test: SegmentTest, segment: list[float], rest: list[float]) -> None:
    reference = stats.mannwhitneyu(segment, rest, method="asymptotic")
    assert (test.n, test.n_rest) == (len(segment), len(rest))
    assert test.statistic == _approx(float(reference.statistic))
    assert test.p_value == _approx(float(reference.pvalue))


def check_benjamini_hochberg(tests: list[SegmentTest], alpha: float = 0.05) -> None:
    assert tests, "no tests to check"
    expected = stats.false_discovery_control([t.p_value for t in tests], method="bh")
    for test, q in zip(tests, expected, strict=True):
        assert test.q_value == _approx(float(q))
        assert test.significant == (test.q_value < alpha)


def _approx(value: float) -> Any:
    return pytest.approx(value, rel=1e-9, abs=1e-12) if not math.isnan(value) else value
