"""The join-free chain builder (`funnel_links`): long carries, packed breakdown values, nulls."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from journeymap.analytics.funnel import funnel
from tests.analytics.conftest import MakeEvents
from tests.analytics.funnel_oracle import OracleSpec, assert_steps_and_breakdown, oracle_chains

T0 = dt.datetime(2024, 5, 1, 8, 0)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def log() -> list[dict[str, Any]]:
    """Interleaved chains, an event that is two steps at once, breakdown values that look like
    the packed `position|value` text."""
    rows = [
        # p1: entries A1 and A2 interleave; A1 -> B1 -> C1 -> D1, A2 -> B2 -> C2 -> D2
        ("p1", "A", 0, "|"),
        ("p1", "B", 1, ""),
        ("p1", "A", 2, "0000000000000000001|x"),
        ("p1", "C", 3, "a|b"),
        ("p1", "B", 4, None),
        ("p1", "D", 5, "d1"),
        ("p1", "C", 6, "c2"),
        ("p1", "D", 7, None),
        ("p1", "A", 8, "late"),  # an entry with nothing after it
        # p2: simultaneous events, the same event name twice in the funnel below
        ("p2", "A", 0, "u"),
        ("p2", "A", 0, "v"),
        ("p2", "B", 0, "w"),
        ("p2", "C", 9, "z"),
        ("p2", "D", 9, ""),
        # p3: every step, but outside a 10-minute window from the only entry
        ("p3", "A", 0, "q"),
        ("p3", "B", 4, "q"),
        ("p3", "C", 8, "q"),
        ("p3", "D", 12, "q"),
    ]
    return [
        {"message_id": f"m{i:02d}", "person_id": p, "event": e, "timestamp": at(m), "bd": bd}
        for i, (p, e, m, bd) in enumerate(rows)
    ]


def check_against_oracle(make_events: MakeEvents, spec: OracleSpec) -> None:
    events = log()
    result = funnel(
        make_events(events),
        spec.steps,
        window=spec.window,
        breakdown="bd",
        breakdown_attribution=spec.attribution,
        count=spec.count,  # type: ignore[arg-type]
    )
    assert_steps_and_breakdown(result, oracle_chains(events, spec), len(spec.steps))


def test_four_step_chains_and_packed_breakdowns_match_the_oracle(
    make_events: MakeEvents,
) -> None:
    for attribution in ("last_touch", "step:3"):
        spec = OracleSpec(
            ["A", "B", "C", "D"],
            dt.timedelta(minutes=10),
            attribution=attribution,
            count="conversions",
        )
        check_against_oracle(make_events, spec)


@pytest.mark.parametrize("engine", ["duckdb"], indirect=True)
def test_a_repeated_step_never_reuses_one_event(make_events: MakeEvents) -> None:
    check_against_oracle(
        make_events, OracleSpec(["A", "A", "B"], dt.timedelta(minutes=10), attribution="step:2")
    )


@pytest.mark.parametrize("engine", ["duckdb"], indirect=True)
def test_an_event_without_timestamp_is_never_within_the_window(make_events: MakeEvents) -> None:
    # events without a timestamp sort after all others: p1's step 2 has none, p2's has one
    events: list[dict[str, Any]] = [
        {"message_id": "a", "person_id": "p1", "event": "A", "timestamp": at(0)},
        {"message_id": "b", "person_id": "p1", "event": "B", "timestamp": None},
        {"message_id": "c", "person_id": "p2", "event": "A", "timestamp": at(0)},
        {"message_id": "d", "person_id": "p2", "event": "B", "timestamp": None},
        {"message_id": "e", "person_id": "p2", "event": "B", "timestamp": at(1)},
    ]
    steps = funnel(make_events(events), ["A", "B"], window="1h").steps()
    assert [s["persons"] for s in steps] == [2, 1]
    assert steps[1]["median_seconds_from_previous"] == 60.0
