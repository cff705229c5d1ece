"""Transitions, paths, retention, repeat purchase, KPIs and attribution per segment."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import pytest

from journeymap.analytics.attribution import attribute, touches_from_events
from journeymap.analytics.attribution.segments import attribution_by_segment
from journeymap.analytics.kpi import evaluate_kpis
from journeymap.analytics.kpi_segments import kpis_by_segment
from journeymap.analytics.path_segments import paths_by_segment
from journeymap.analytics.paths import ARROW, paths, sankey_links, variants
from journeymap.analytics.retention import repeat_purchase, retention
from journeymap.analytics.retention_segments import repeat_by_segment, retention_by_segment
from journeymap.analytics.segmentation import SegmentBy
from journeymap.analytics.steps import available_names
from journeymap.analytics.transition_segments import transitions_by_segment
from journeymap.analytics.transitions import transitions
from journeymap.model.journey import JourneyMap
from tests.analytics.conftest import MakeEvents
from tests.analytics.segment_log import (
    CHANNELS,
    check_benjamini_hochberg,
    check_mann_whitney,
    check_proportion,
    first_channels,
    segment_log,
)
from tests.analytics.test_stages import SHOP

DUCKDB_ONLY = pytest.mark.parametrize("engine", ["duckdb"], indirect=True)
CHANNEL = SegmentBy.parse("channel")
ORDER = "Order Completed"


def by_segment(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    channels = first_channels(rows)
    return {c: [r for r in rows if channels[r["person_id"]] == c] for c in CHANNELS}


def records(table: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table.to_pyarrow().to_pylist()
    return rows


@DUCKDB_ONLY
def test_transitions_by_segment(make_events: MakeEvents) -> None:
    rows = segment_log()
    result = transitions_by_segment(make_events(rows), CHANNEL, session_gap=None)
    parts = by_segment(rows)
    for name, data in result.segments.items():
        alone = transitions(make_events(parts[name]), session_gap=None)
        assert data["edges"] == records(alone)
        assert data["persons"] == len({r["person_id"] for r in parts[name]})
    cart_to_order = [t for t in result.tests if t.item == f"Cart Viewed{ARROW}{ORDER}"]
    assert len(cart_to_order) == len(CHANNELS)
    for test in cart_to_order:
        edge = next(
            e for e in result.segments[test.segment]["edges"]
            if (e["source"], e["target"]) == ("Cart Viewed", ORDER)
        )  # fmt: skip
        assert (test.count, test.n) == (edge["persons"], result.segments[test.segment]["persons"])
    for test in result.tests:
        check_proportion(test)
    check_benjamini_hochberg(result.tests)


def reference_variants(rows: list[dict[str, Any]], max_steps: int) -> Counter[str]:
    persons: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (r["timestamp"], r["message_id"])):
        if row["event"]:
            persons.setdefault(row["person_id"], []).append(row)
    return Counter(ARROW.join(r["event"] for r in mine[:max_steps]) for mine in persons.values())


@DUCKDB_ONLY
def test_paths_by_segment(make_events: MakeEvents) -> None:
    rows = segment_log()
    result = paths_by_segment(make_events(rows), CHANNEL, max_steps=3, top=2)
    parts = by_segment(rows)
    for name, data in result.segments.items():
        alone = make_events(parts[name])
        assert data == {
            "columns": records(paths(alone, max_steps=3, top=2)),
            "links": records(sankey_links(alone, max_steps=3, top=2)),
            "variants": records(variants(alone, max_steps=3, top=2)),
        }
    named = {v["variant"] for d in result.segments.values() for v in d["variants"]} - {"(other)"}
    assert {t.item for t in result.tests} == named
    for test in result.tests:
        counted = reference_variants(parts[test.segment], 3)
        assert (test.count, test.n) == (counted[test.item], sum(counted.values()))
        check_proportion(test)
    check_benjamini_hochberg(result.tests)


@DUCKDB_ONLY
def test_retention_and_repeat_by_segment(make_events: MakeEvents) -> None:
    rows = segment_log()
    events = make_events(rows)
    parts = by_segment(rows)
    kept = retention_by_segment(events, "Product Viewed", ORDER, CHANNEL, "week")
    assert kept.tests == []
    repeat = repeat_by_segment(events, ORDER, CHANNEL)
    for name in CHANNELS:
        alone = make_events(parts[name])
        cells = records(retention(alone, "Product Viewed", ORDER, "week"))
        assert kept.segments[name] == {
            "period": "week",
            "cells": [{**c, "cohort": str(c["cohort"])} for c in cells],
        }
        assert repeat.segments[name] == repeat_purchase(alone, ORDER).as_dict()
    gaps: dict[str, list[float]] = {}
    for name, mine in parts.items():
        for person in {r["person_id"] for r in mine}:
            times = sorted(
                r["timestamp"] for r in mine if r["person_id"] == person and r["event"] == ORDER
            )
            gaps.setdefault(name, []).extend(
                (b - a).total_seconds() for a, b in itertools.pairwise(times)
            )
    for test in repeat.tests:
        if test.test == "two_proportion_z":
            assert test.count == repeat.segments[test.segment]["repeat_customers"]
            check_proportion(test)
        else:
            rest = [g for n, values in gaps.items() if n != test.segment for g in values]
            check_mann_whitney(test, gaps[test.segment], rest)
    assert {t.metric for t in repeat.tests} == {"repeat_rate", "seconds_between"}
    check_benjamini_hochberg(repeat.tests)


KPIS = [
    {"id": "view-to-cart", "name": "View to cart", "target": 0.7,
     "measure": "conversion(catalog -> cart)"},
    {"id": "time-to-order", "name": "Time to order", "measure": "median_time(catalog -> checkout)"},
    {"id": "orders", "name": "Orders", "measure": "count(Order Completed)"},
    {"id": "repeat", "name": "Repeat", "unit": "%", "measure": "repeat_rate(Order Completed)"},
]  # fmt: skip


def shop_with_kpis() -> JourneyMap:
    data = SHOP.model_dump(mode="json", exclude_none=True)
    data["stages"][0]["kpis"] = KPIS
    return JourneyMap.model_validate(data)


def test_kpis_by_segment(make_events: MakeEvents) -> None:
    rows = segment_log(persons=18)
    journey = shop_with_kpis()
    events = make_events(rows)
    result = kpis_by_segment(events, journey, CHANNEL)
    parts = by_segment(rows)
    names = available_names(events, "event")  # a segment without orders is a zero, no error
    for name in CHANNELS:
        alone = evaluate_kpis(make_events(parts[name]), journey, event_names=names)
        assert result.segments[name] == {"kpis": [r.as_dict() for r in alone]}
    tested = {(t.item, t.test) for t in result.tests}
    assert {item for item, _ in tested} == {"view-to-cart", "time-to-order", "repeat"}
    assert ("time-to-order", "mann_whitney_u") in tested
    for test in result.tests:
        kpi = next(k for k in result.segments[test.segment]["kpis"] if k["kpi"] == test.item)
        if test.test == "two_proportion_z":
            check_proportion(test)
            assert test.n == kpi["persons"]
        else:
            assert test.n == kpi["persons"]
            assert test.value == pytest.approx(kpi["value"])
    check_benjamini_hochberg(result.tests)
    assert result.notes


@DUCKDB_ONLY
def test_attribution_by_segment(make_events: MakeEvents) -> None:
    rows = segment_log()
    result = attribution_by_segment(make_events(rows), ORDER, ["last_touch", "linear"], CHANNEL)
    parts = by_segment(rows)
    assert result.tests == []
    for name in CHANNELS:
        touches = touches_from_events(make_events(parts[name]), ORDER)
        expected = [attribute(touches, m).as_dict() for m in ("last_touch", "linear")]
        assert result.segments[name] == {"by": "channel", "models": expected}
    orders = Counter(r["channel"] for r in rows if r["event"] == ORDER)
    for name in CHANNELS:
        assert result.segments[name]["models"][0]["total_conversions"] == orders[name]
