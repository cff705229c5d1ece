"""Every funnel option against the brute-force oracle on random small event logs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.analytics.funnel import funnel
from journeymap.analytics.funnel_spec import Exclusion
from journeymap.analytics.steps import Step
from tests.analytics.conftest import MakeEvents
from tests.analytics.funnel_oracle import (
    OracleSpec,
    assert_steps_and_breakdown,
    exists_chain_depth,
    oracle_chains,
    ordered_events,
    quantiles,
)

T0 = dt.datetime(2024, 3, 1, 9, 0)
NAMES = ["A", "B", "C", "X"]


@st.composite
def event_logs(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["p1", "p2", "p3"]),
                st.sampled_from(NAMES),
                st.integers(0, 8),  # minutes: few, so simultaneous events are common
                st.sampled_from(["u", "v", None]),
            ),
            min_size=3,
            max_size=24,
        )
    )
    return [
        {
            "message_id": f"m{i:03d}",
            "person_id": person,
            "event": name,
            "timestamp": T0 + dt.timedelta(minutes=minute),
            "bd": value,
        }
        for i, (person, name, minute, value) in enumerate(rows)
    ]


@st.composite
def specs(draw: st.DrawFn) -> OracleSpec:
    order = draw(st.sampled_from(["ordered", "strict", "unordered"]))
    if order == "unordered":
        steps = draw(
            st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, max_size=3, unique=True)
        )
    else:
        steps = draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, max_size=4))
    n = len(steps)
    spec = OracleSpec(
        steps=steps, window=dt.timedelta(minutes=draw(st.integers(1, 8))), order=order
    )
    if order == "unordered" or n == 1:
        return spec
    if draw(st.booleans()):
        spec.step_windows = [
            draw(st.one_of(st.none(), st.integers(0, 4).map(lambda m: dt.timedelta(minutes=m))))
            for _ in range(n - 1)
        ]
    if order == "ordered" and n >= 3 and draw(st.booleans()):
        spec.optional = {draw(st.integers(1, n - 2))}
    required = spec.required
    if draw(st.booleans()):
        a, b = sorted(
            draw(st.lists(st.sampled_from(required), min_size=2, max_size=2, unique=True))
        )
        spec.exclusions = [("X", a, b)]
    spec.attribution = draw(
        st.sampled_from(["first_touch", "last_touch", *[f"step:{k}" for k in range(1, n + 1)]])
    )
    spec.count = draw(st.sampled_from(["persons", "conversions"]))
    return spec


def run(events_table: Any, spec: OracleSpec) -> Any:
    return funnel(
        events_table,
        spec.steps,
        window=spec.window,
        order=spec.order,  # type: ignore[arg-type]
        step_windows=spec.step_windows,
        exclusions=[Exclusion(Step("event", e), a, b) for e, a, b in spec.exclusions],
        optional_steps=[j + 1 for j in sorted(spec.optional)],
        breakdown="bd",
        breakdown_attribution=spec.attribution,
        count=spec.count,  # type: ignore[arg-type]
    )


def check(
    make_events: MakeEvents, events: list[dict[str, Any]], spec: OracleSpec, *, thorough: bool
) -> None:
    # every step name must exist in the log; add one event of each far away from the others
    extra = [
        {
            "message_id": f"z{i}",
            "person_id": "zz",
            "event": name,
            "timestamp": T0 + dt.timedelta(days=30 + i),
            "bd": None,
        }
        for i, name in enumerate(NAMES)
    ]
    events = events + extra
    result = run(make_events(events), spec)
    chains = oracle_chains(events, spec)
    assert_steps_and_breakdown(result, chains, len(spec.steps))
    if not thorough:
        return
    ttc = result.time_to_convert()
    totals = [c.total for c in chains if c.total is not None]
    median, p90 = quantiles(totals)
    assert ttc["converted"] == len(totals)
    assert ttc["median_seconds"] == pytest.approx(median)
    assert ttc["p90_seconds"] == pytest.approx(p90)
    assert sum(b["count"] for b in ttc["histogram"]) == len(totals)
    for k in range(1, len(spec.steps) + 1):
        got_persons = set(result.persons(k).to_pyarrow().column("person_id").to_pylist())
        assert got_persons == {c.person for c in chains if c.reached[k - 1]}
    trend = result.conversion_over_time("day").to_pyarrow().to_pylist()
    assert sum(r["entered"] for r in trend) == len(chains)
    assert sum(r["converted"] for r in trend) == len(totals)


SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}


@pytest.mark.parametrize("engine", ["duckdb"], indirect=True)
@settings(max_examples=50, **SETTINGS)  # type: ignore[arg-type]  # the arrays contract test adds more
@given(events=event_logs(), spec=specs())
def test_funnel_matches_oracle_duckdb(
    make_events: MakeEvents, events: list[dict[str, Any]], spec: OracleSpec
) -> None:
    check(make_events, events, spec, thorough=True)


@pytest.mark.spark
@pytest.mark.parametrize("engine", ["pyspark"], indirect=True)
@settings(max_examples=6, **SETTINGS)  # type: ignore[arg-type]
@given(events=event_logs(), spec=specs())
def test_funnel_matches_oracle_pyspark(
    make_events: MakeEvents, events: list[dict[str, Any]], spec: OracleSpec
) -> None:
    check(make_events, events, spec, thorough=False)


@settings(max_examples=200, deadline=None)
@given(
    events=event_logs(),
    steps=st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, max_size=3),
    minutes=st.integers(1, 12),
)
def test_greedy_chains_are_posthogs_best_chains(
    events: list[dict[str, Any]], steps: list[str], minutes: int
) -> None:
    """For plain ordered funnels the greedy rule equals "some chain of distinct events exists"."""
    window = dt.timedelta(minutes=minutes)
    chains = {c.person: c.depth for c in oracle_chains(events, OracleSpec(steps, window))}
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        by_person[event["person_id"]].append(event)
    for person, evs in by_person.items():
        depth = exists_chain_depth(ordered_events(evs), steps, window)
        assert chains.get(person, 0) == depth
