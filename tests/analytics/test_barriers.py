from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from journeymap.analytics.barriers import detect_barriers
from journeymap.analytics.segmentation import SegmentBy
from journeymap.analytics.stage_segments import stage_metrics_by_segment
from journeymap.analytics.stats import wilson_interval
from tests.analytics.conftest import MakeEvents
from tests.analytics.test_stages import SHOP


def generated_events() -> tuple[list[dict[str, Any]], dict[str, int]]:
    """120 persons: almost all reach purchase, few go on to after; web drops more than email."""
    rng = random.Random(11)
    rows: list[dict[str, Any]] = []
    tally = {"purchase": 0, "after": 0, "web_purchase": 0, "web_after": 0}
    for n in range(120):
        person, channel = f"p{n}", ("web" if n % 2 else "email")
        start = dt.datetime(2024, 1, 1) + dt.timedelta(hours=n)

        def add(
            minutes: float,
            event: str,
            person: str = person,
            start: Any = start,
            channel: str = channel,
        ) -> None:
            rows.append({"person_id": person, "event": event, "channel": channel,
                         "timestamp": start + dt.timedelta(minutes=minutes)})  # fmt: skip

        add(0, "Product Viewed")
        if rng.random() < 0.9:
            add(5, "Cart Viewed")
            tally["purchase"] += 1
            tally["web_purchase"] += channel == "web"
            if rng.random() < (0.15 if channel == "web" else 0.6):
                add(20, "Review Written")
                tally["after"] += 1
                tally["web_after"] += channel == "web"
    return rows, tally


def test_detect_barriers_ranks_the_big_drop_off_first(make_events: MakeEvents) -> None:
    rows, tally = generated_events()
    report = detect_barriers(make_events(rows), SHOP, segment=SegmentBy.parse("channel"))
    drop = next(f for f in report.findings if f.kind == "drop_off" and f.stage == "purchase")
    dropped = tally["purchase"] - tally["after"]
    assert (drop.count, drop.base) == (dropped, tally["purchase"])
    assert drop.baseline == pytest.approx((120 - tally["purchase"]) / 120)
    assert (drop.ci_low, drop.ci_high) == pytest.approx(wilson_interval(dropped, drop.base))
    assert drop.effect > 0.3
    assert report.findings[0] == drop  # the largest excess of persons lost
    web = next(
        f for f in report.findings
        if f.kind == "segment_drop_off" and f.segment == "web" and f.stage == "purchase"
    )  # fmt: skip
    assert (web.count, web.base) == (tally["web_purchase"] - tally["web_after"],
                                     tally["web_purchase"])  # fmt: skip
    assert web.effect > 0
    suggested = {b.id: (stage, b) for stage, b in report.barriers}
    stage, barrier = suggested["analytics-drop_off-purchase"]
    assert stage == "purchase"
    assert barrier.suggested
    assert barrier.severity == "critical"
    assert barrier.evidence[0].source == "analytics"
    assert f"{dropped} of {tally['purchase']} persons" in str(barrier.evidence[0].note)
    assert "analytics-segment_drop_off-purchase-web" in suggested
    # interest -> purchase loses fewer persons than usual: reported, never suggested
    assert not any(b.id == "analytics-drop_off-interest" for _, b in report.barriers)
    exits = {f.touchpoint: f for f in report.findings if f.kind == "touchpoint_exit"}
    assert exits["cart"].count == dropped


def test_stage_metrics_by_segment_add_up(make_events: MakeEvents) -> None:
    rows, tally = generated_events()
    result = stage_metrics_by_segment(make_events(rows), SHOP, SegmentBy.parse("channel"))
    assert sorted(result.metrics) == ["email", "web"]
    web, email = result.metrics["web"], result.metrics["email"]
    assert web.stage("purchase").persons == tally["web_purchase"]
    assert web.stage("after").persons + email.stage("after").persons == tally["after"]
    assert web.stage("interest").persons == email.stage("interest").persons == 60
    tests = {(t.stage, t.segment): t for t in result.tests}
    assert set(tests) == {(s, g) for s in ("interest", "purchase") for g in ("email", "web")}
    # two segments: each is the other's rest, so the tests mirror each other
    assert tests["purchase", "web"].p_value == pytest.approx(tests["purchase", "email"].p_value)
    assert tests["purchase", "web"].q_value >= tests["purchase", "web"].p_value
