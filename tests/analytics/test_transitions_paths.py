from __future__ import annotations

import datetime as dt
import itertools
import random
import statistics
from collections import Counter, defaultdict
from typing import Any

import numpy as np
import pytest

from journeymap.analytics.paths import DROP_OFF, paths, sankey_links, variants
from journeymap.analytics.transitions import transitions
from tests.analytics.conftest import MakeEvents, ToRecords

T0 = dt.datetime(2024, 5, 1)


def random_log(seed: int = 7, persons: int = 12) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for p in range(persons):
        t = T0 + dt.timedelta(hours=p)
        for _ in range(rng.randint(1, 7)):
            t += dt.timedelta(minutes=rng.choice([1, 2, 5, 45]))
            rows.append({"person_id": f"p{p}", "event": rng.choice("ABCD"), "timestamp": t})
    return [{"message_id": f"m{i:03d}", **row} for i, row in enumerate(rows)]


def reference_transitions(
    rows: list[dict[str, Any]], gap: dt.timedelta | None, collapse: bool
) -> dict[tuple[str, str], tuple[int, int, Any, Any, Any]]:
    cases: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for person in sorted({r["person_id"] for r in rows}):
        mine = sorted(
            (r for r in rows if r["person_id"] == person),
            key=lambda r: (r["timestamp"], r["message_id"]),
        )
        session = 0
        for i, r in enumerate(mine):
            if i and gap is not None and r["timestamp"] - mine[i - 1]["timestamp"] > gap:
                session += 1
            case = cases[(person, session)]
            if not (collapse and case and case[-1]["event"] == r["event"]):
                case.append(r)
    edges: dict[tuple[str, str], list[tuple[str, float | None]]] = defaultdict(list)
    for (person, _), case in cases.items():
        edges[("__start__", case[0]["event"])].append((person, None))
        for a, b in itertools.pairwise(case):
            seconds = (b["timestamp"] - a["timestamp"]).total_seconds()
            edges[(a["event"], b["event"])].append((person, seconds))
        edges[(case[-1]["event"], "__end__")].append((person, None))
    result = {}
    for key, items in edges.items():
        secs = [s for _, s in items if s is not None]
        result[key] = (
            len(items),
            len({p for p, _ in items}),
            round(statistics.fmean(secs), 6) if secs else None,
            round(statistics.median(secs), 6) if secs else None,
            round(float(np.percentile(secs, 90)), 6) if secs else None,
        )
    return result


@pytest.mark.parametrize(
    ("gap", "collapse", "out_of_core"),
    [("30m", False, False), (None, True, False), ("30m", False, True), (None, True, True)],
)
def test_transitions_match_reference(
    make_events: MakeEvents,
    to_records: ToRecords,
    gap: str | None,
    collapse: bool,
    out_of_core: bool,
) -> None:
    rows = random_log()
    found = transitions(
        make_events(rows), session_gap=gap, collapse_repeats=collapse, out_of_core=out_of_core
    )
    got = to_records(found)
    expected = reference_transitions(rows, dt.timedelta(minutes=30) if gap else None, collapse)
    assert {
        (r["source"], r["target"]): (
            r["count"],
            r["persons"],
            None if r["mean_seconds"] is None else round(r["mean_seconds"], 6),
            r["median_seconds"],
            r["p90_seconds"],
        )
        for r in got
    } == expected
    inflow: Counter[str] = Counter()
    outflow: Counter[str] = Counter()
    for r in got:
        outflow[r["source"]] += r["count"]
        inflow[r["target"]] += r["count"]
    for node in set(inflow) - {"__end__"}:
        assert inflow[node] == outflow[node]


def test_sankey_columns_add_up(make_events: MakeEvents, to_records: ToRecords) -> None:
    rows = random_log(seed=3, persons=15)
    events = make_events(rows)
    columns = to_records(paths(events, max_steps=4, top=2))
    links = to_records(sankey_links(events, max_steps=4, top=2))
    entered = len({r["person_id"] for r in rows})
    for step in range(1, 5):
        assert sum(r["cases"] for r in columns if r["step"] == step) == entered
        named = {r["node"] for r in columns if r["step"] == step} - {"(other)", DROP_OFF}
        assert len(named) <= 2
    for step in range(1, 4):
        assert sum(r["cases"] for r in links if r["step"] == step) == entered
        into = Counter()
        for r in links:
            if r["step"] == step:
                into[r["target"]] += r["cases"]
        at_next = {r["node"]: r["cases"] for r in columns if r["step"] == step + 1}
        assert dict(into) == at_next
    first_nodes = Counter(
        min(
            (r for r in rows if r["person_id"] == p),
            key=lambda r: (r["timestamp"], r["message_id"]),
        )["event"]
        for p in {r["person_id"] for r in rows}
    )
    top_two = {r["node"]: r["cases"] for r in columns if r["step"] == 1}
    for node, cases in top_two.items():
        if node != "(other)":
            assert first_nodes[node] == cases


def test_variants_and_start_end(make_events: MakeEvents, to_records: ToRecords) -> None:
    rows = random_log(seed=11, persons=15)
    events = make_events(rows)
    got = to_records(variants(events, start="A", end="C", max_steps=3, top=3))
    expected: Counter[str] = Counter()
    for person in {r["person_id"] for r in rows}:
        seq = [
            r["event"]
            for r in sorted(
                (r for r in rows if r["person_id"] == person),
                key=lambda r: (r["timestamp"], r["message_id"]),
            )
        ]
        if "A" not in seq:
            continue
        seq = seq[seq.index("A") :]
        if "C" not in seq:
            continue
        expected[" → ".join(seq[: seq.index("C") + 1][:3])] += 1
    assert sum(r["cases"] for r in got) == sum(expected.values())
    named = {r["variant"]: r["cases"] for r in got if r["variant"] != "(other)"}
    assert len(named) <= 3
    for variant, cases in named.items():
        assert expected[variant] == cases
    assert sum(r["share"] for r in got) == pytest.approx(1.0)


def test_out_of_core_quantiles_equal_the_aggregates(
    make_events: MakeEvents, to_records: ToRecords
) -> None:
    """Sorted quantiles give the engine's numbers, also for ties, one value and even counts."""
    rows = random_log(seed=11, persons=40)
    events = make_events(rows)
    fast = to_records(transitions(events, session_gap=None))
    sorted_ = to_records(transitions(events, session_gap=None, out_of_core=True))
    assert sorted_ == fast
