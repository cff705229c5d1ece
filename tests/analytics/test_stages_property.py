"""Stage metrics against the plain-Python oracle on random small event logs.

The logs are built to hit the edge cases of the definitions: simultaneous events (ordered by
their place in the file, `seq`), fractions of a second (times keep their microseconds), stages
entered several times, a stage reached only before the previous one, unbound events, missing
channels, and a touchpoint listed by two stages (it counts under the first).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.analytics.stages import stage_metrics
from journeymap.model.journey import JourneyMap
from tests.analytics.conftest import MakeEvents
from tests.analytics.stage_oracle import assert_same_metrics, reference_stage_metrics

T0 = dt.datetime(2024, 3, 1, 9, 0)
JOURNEY = JourneyMap.model_validate(
    {
        "id": "flow",
        "title": "Flow",
        "stages": [
            {"id": "look", "name": "Look", "touchpoints": ["list", "page"]},
            {"id": "buy", "name": "Buy", "touchpoints": ["cart", "page"]},
            {"id": "use", "name": "Use", "touchpoints": ["help"]},
        ],
        "touchpoints": [
            {"id": "list", "name": "List", "bindings": [{"event": "L"}]},
            {"id": "page", "name": "Page", "bindings": [{"event": "P"}]},
            {"id": "cart", "name": "Cart", "bindings": [{"event": "C"}, {"event": "K"}]},
            {"id": "help", "name": "Help", "bindings": [{"event": "H"}]},
        ],
    }
)
ONE_STAGE = JourneyMap.model_validate(
    {
        "id": "one",
        "title": "One",
        "stages": [{"id": "only", "name": "Only", "touchpoints": ["list", "cart"]}],
        "touchpoints": [
            {"id": "list", "name": "List", "bindings": [{"event": "L"}]},
            {"id": "cart", "name": "Cart", "bindings": [{"event": "C"}]},
        ],
    }
)


@st.composite
def event_logs(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["p1", "p2", "p3", "p4"]),
                st.sampled_from(["L", "P", "C", "K", "H", "X"]),
                st.integers(0, 12),  # seconds: few, so simultaneous events are common
                st.sampled_from([0, 0, 400_000]),  # microseconds, floored away
                st.sampled_from(["web", "app", None]),
            ),
            min_size=1,
            max_size=30,
        )
    )
    return [
        {
            "message_id": f"m{i:03d}",
            "person_id": person,
            "event": name,
            "timestamp": T0 + dt.timedelta(seconds=second, microseconds=micro),
            "channel": channel,
        }
        for i, (person, name, second, micro, channel) in enumerate(rows)
    ]


SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


@pytest.mark.parametrize("engine", ["duckdb"], indirect=True)
@settings(max_examples=60, **SETTINGS)  # type: ignore[arg-type]
@given(rows=event_logs(), journey=st.sampled_from([JOURNEY, ONE_STAGE]))
def test_stage_metrics_match_oracle(
    make_events: MakeEvents, rows: list[dict[str, Any]], journey: JourneyMap
) -> None:
    got = stage_metrics(make_events(rows), journey).as_dict()
    assert_same_metrics(got, reference_stage_metrics(rows, journey))


@pytest.mark.spark
@pytest.mark.parametrize("engine", ["pyspark"], indirect=True)
@settings(max_examples=5, **SETTINGS)  # type: ignore[arg-type]
@given(rows=event_logs(), journey=st.sampled_from([JOURNEY, ONE_STAGE]))
def test_stage_metrics_match_oracle_pyspark(
    make_events: MakeEvents, rows: list[dict[str, Any]], journey: JourneyMap
) -> None:
    got = stage_metrics(make_events(rows), journey).as_dict()
    assert_same_metrics(got, reference_stage_metrics(rows, journey))


TIES = [
    # q: Look and Buy at the same microsecond; a Buy event comes first in the file, the Look
    # stay after it lasts 0 s, and she converts Look -> Buy by the Buy event listed after it.
    {"message_id": "a1", "person_id": "q", "event": "C", "timestamp": T0},
    {"message_id": "a2", "person_id": "q", "event": "L", "timestamp": T0},
    {"message_id": "a3", "person_id": "q", "event": "C", "timestamp": T0},
    {"message_id": "a4", "person_id": "q", "event": "H", "timestamp": T0 + dt.timedelta(1)},
    # r: comes back to Look twice (P is Look's: `page` counts under the first stage listing
    # it); her last stay (Use) is open
    *[
        {"message_id": f"b{i}", "person_id": "r", "event": e, "timestamp": T0 + dt.timedelta(i)}
        for i, e in enumerate(["L", "C", "L", "K", "P", "H"])
    ],
]


def test_ties_and_reentries_on_both_engines(make_events: MakeEvents) -> None:
    got = stage_metrics(make_events(TIES), JOURNEY)
    assert_same_metrics(got.as_dict(), reference_stage_metrics(TIES, JOURNEY))
    look, buy, use = got.stages
    assert (look.persons, look.converted_to_next, look.re_entries) == (2, 2, 2)
    assert (buy.re_entries, buy.persons_reentering) == (2, 2)
    assert use.median_seconds is None  # nobody leaves Use
    assert look.median_seconds == pytest.approx(1.5 * 86400)  # q: 0 s, r: 3 stays of 1 d


def test_a_next_stage_event_of_the_same_microsecond_converts_only_when_listed_later(
    make_events: MakeEvents,
) -> None:
    # s's Buy events share Look's microsecond: the one listed before it does not convert her,
    # the one after does; t's Buy and Use events come before her Look event in the file (she
    # converts Buy -> Use, not Look -> Buy, and does not reach Use from Look)
    rows = [
        {"person_id": "s", "event": "C", "timestamp": T0},
        {"person_id": "s", "event": "L", "timestamp": T0},
        {"person_id": "t", "event": "C", "timestamp": T0},
        {"person_id": "t", "event": "H", "timestamp": T0},
        {"person_id": "t", "event": "L", "timestamp": T0},
        {"person_id": "s", "event": "K", "timestamp": T0},
        {"person_id": "s", "event": "H", "timestamp": T0 + dt.timedelta(microseconds=1)},
    ]
    got = stage_metrics(make_events(rows), JOURNEY)
    assert_same_metrics(got.as_dict(), reference_stage_metrics(rows, JOURNEY))
    look, buy, _ = got.stages
    assert (look.converted_to_next, buy.converted_to_next) == (1, 2)  # of 2 persons each
    assert (got.persons_reaching_last, got.persons_first_stage) == (1, 2)
