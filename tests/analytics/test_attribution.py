from __future__ import annotations

import datetime as dt
import itertools
import math
import uuid
from fractions import Fraction
from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from journeymap.analytics.attribution import (
    MODELS,
    NO_TOUCH,
    attribute,
    has_touches,
    read_paths_file,
    touches_from_events,
    touches_from_paths,
)
from tests.analytics.conftest import MakeEvents, ToRecords
from tests.conftest import dataset

# path, conversions, value, nulls
HAND_PATHS = [("A > B > C", 1, 10.0, 0), ("A", 0, 0.0, 1), ("B > A", 2, 4.0, 1)]


def hand_paths(engine: Any) -> ibis.Table:
    return paths_table(engine, HAND_PATHS)


def paths_table(engine: Any, rows: list[tuple[str, float, float, float]]) -> ibis.Table:
    """Aggregated paths as a table on `engine` (a temp view on Spark: no warehouse files)."""
    name = f"paths_{uuid.uuid4().hex}"
    records = [
        {"path": p, "conversions": float(c), "value": float(v), "nulls": float(n)}
        for p, c, v, n in rows
    ]
    if engine.name == "duckdb":
        return engine.create_table(name, pa.Table.from_pylist(records), temp=True)
    engine._session.createDataFrame(records).createOrReplaceTempView(name)
    return engine.table(name)


def credits(result: Any) -> dict[str, tuple[float, float]]:
    """Non-zero credits, rounded (zero credits are reported for labels seen only elsewhere)."""
    return {
        c.label: (round(c.conversions, 9), round(c.value, 9))
        for c in result.credits
        if c.conversions or c.value
    }


def expect(pairs: dict[str, tuple[Fraction | float, Fraction | float]]) -> dict[str, Any]:
    return {k: (round(float(c), 9), round(float(v), 9)) for k, (c, v) in pairs.items()}


F = Fraction
HAND_EXPECTED = {
    "first_touch": {"A": (1, 10), "B": (2, 4)},
    "last_touch": {"A": (2, 4), "C": (1, 10)},
    "linear": {"A": (F(4, 3), F(16, 3)), "B": (F(4, 3), F(16, 3)), "C": (F(1, 3), F(10, 3))},
    "position_based": {"A": (1.4, 6), "B": (1.2, 4), "C": (0.4, 4)},
    # half-life 1 step: path 1 weights 1/7, 2/7, 4/7; path 2 weights B 1/3, A 2/3
    "time_decay": {
        "A": (F(1, 7) + F(4, 3), F(10, 7) + F(8, 3)),
        "B": (F(2, 7) + F(2, 3), F(20, 7) + F(4, 3)),
        "C": (F(4, 7), F(40, 7)),
    },
    "shapley": {"A": (F(4, 3), F(16, 3)), "B": (F(4, 3), F(16, 3)), "C": (F(1, 3), F(10, 3))},
}


def test_heuristic_and_shapley_models_on_a_hand_example(engine: Any) -> None:
    touches = touches_from_paths(hand_paths(engine))
    for model, expected in HAND_EXPECTED.items():
        result = attribute(touches, model, half_life=1.0)
        assert credits(result) == expect(expected), model
        assert (result.total_conversions, result.total_value) == (3.0, 14.0)


def test_markov_order_1_on_a_hand_example(engine: Any) -> None:
    # Solved by hand: P(conversion) = 3/5; removal effects A 3/4, B 11/15, C 1/3 (sum 109/60).
    result = attribute(touches_from_paths(hand_paths(engine)), "markov")
    assert result.details["A"]["removal_effect"] == pytest.approx(0.75)
    assert result.details["B"]["removal_effect"] == pytest.approx(11 / 15)
    assert result.details["C"]["removal_effect"] == pytest.approx(1 / 3)
    got = {c.label: c.conversions for c in result.credits}
    assert got == pytest.approx({"A": 135 / 109, "B": 132 / 109, "C": 60 / 109})


def markov_oracle(paths: list[tuple[str, float, float, float]], order: int) -> dict[str, float]:
    """Removal effects by plain dictionaries and a dense fundamental matrix (numpy)."""
    counts: dict[tuple[str, str], float] = {}
    for path, conversions, _value, nulls in paths:
        labels = [p.strip() for p in path.split(">")]
        states = ["(start)"] + [
            " > ".join(labels[max(0, i - order + 1) : i + 1]) for i in range(len(labels))
        ]
        ends = [(states[-1], "(conversion)", conversions), (states[-1], "(null)", nulls)]
        for pair in [*itertools.pairwise(states), *[(a, b) for a, b, _ in ends]]:
            weight = conversions + nulls
            if pair[1] == "(conversion)":
                weight = conversions
            elif pair[1] == "(null)":
                weight = nulls
            counts[pair] = counts.get(pair, 0.0) + weight
    names = sorted({a for a, _ in counts} | {b for _, b in counts})
    idx = {n: i for i, n in enumerate(names)}
    matrix = np.zeros((len(names), len(names)))
    for (a, b), w in counts.items():
        matrix[idx[a], idx[b]] += w
    totals = matrix.sum(axis=1, keepdims=True)
    probs = np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)

    def conversion_probability(removed: str | None) -> float:
        p = probs.copy()
        for name, i in idx.items():
            if removed is not None and removed in name.split(" > "):
                p[i, :] = 0.0
                p[i, idx["(null)"]] = 1.0
        transient = [i for n, i in idx.items() if n not in ("(conversion)", "(null)")]
        q = p[np.ix_(transient, transient)]
        r = p[np.ix_(transient, [idx["(conversion)"]])]
        fundamental = np.linalg.inv(np.eye(len(transient)) - q)
        start = transient.index(idx["(start)"])
        return float((fundamental @ r)[start, 0])

    base = conversion_probability(None)
    labels = sorted({x.strip() for path, *_ in paths for x in path.split(">")})
    return {label: 1 - conversion_probability(label) / base for label in labels}


@pytest.mark.data
@pytest.mark.slow
def test_pathdata_totals_and_markov_against_an_independent_computation(real_data: Path) -> None:
    file = dataset(real_data, "channelattribution-pathdata", "Data.csv")
    raw = pd.read_csv(file, sep=";")
    touches = touches_from_paths(ibis.duckdb.connect().create_table("p", read_paths_file(file)))
    conversions = float(raw.total_conversions.sum())
    value = float(raw.total_conversion_value.sum())
    assert conversions == 19785.0
    for model in MODELS:
        result = attribute(touches, model)
        assert sum(c.conversions for c in result.credits) == pytest.approx(conversions, rel=1e-12)
        assert sum(c.value for c in result.credits) == pytest.approx(value, rel=1e-12)
        assert all(c.conversions >= 0 for c in result.credits), model
    rows = list(raw.itertuples(index=False, name=None))
    for order in (1, 2, 3):
        result = attribute(touches, "markov", order=order)
        effects = {k: v["removal_effect"] for k, v in result.details.items()}
        assert effects == pytest.approx(markov_oracle(rows, order), abs=1e-9)
        assert sum(c.conversions for c in result.credits) == pytest.approx(conversions)
    # Shapley with subset coalition values splits each path evenly over its distinct channels.
    shares: dict[str, float] = {}
    for path, conv, _value, _nulls in rows:
        distinct = {p.strip() for p in path.split(">")}
        for label in distinct:
            shares[label] = shares.get(label, 0.0) + conv / len(distinct)
    shapley = attribute(touches, "shapley")
    assert {c.label: c.conversions for c in shapley.credits} == pytest.approx(shares)


def brute_force_shapley(sets: dict[frozenset[str], float]) -> dict[str, float]:
    labels = sorted(set().union(*sets))
    n = len(labels)

    def v(coalition: set[str]) -> float:
        return sum(c for s, c in sets.items() if s <= coalition)

    phi = dict.fromkeys(labels, 0.0)
    for perm in itertools.permutations(labels):
        seen: set[str] = set()
        for label in perm:
            phi[label] += (v(seen | {label}) - v(seen)) / math.factorial(n)
            seen.add(label)
    return phi


def test_shapley_matches_brute_force_permutations(engine: Any) -> None:
    rows = [
        ("A > A > B", 3, 30.0, 1),
        ("B > C", 1, 5.0, 2),
        ("C > D > A > C", 2, 8.0, 0),
        ("D", 1, 1.0, 4),
        ("B > D", 0, 0.0, 3),
    ]
    result = attribute(touches_from_paths(paths_table(engine, rows)), "shapley")
    sets: dict[frozenset[str], float] = {}
    for path, conversions, _value, _nulls in rows:
        key = frozenset(p.strip() for p in path.split(">"))
        sets[key] = sets.get(key, 0.0) + conversions
    assert {c.label: c.conversions for c in result.credits} == pytest.approx(
        brute_force_shapley(sets)
    )


T0 = dt.datetime(2024, 3, 1, 12, 0)


def day(n: float) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


ATTRIBUTION_EVENTS = [
    {"person_id": "p1", "event": "Page Viewed", "channel": "web", "timestamp": day(0)},
    {"person_id": "p1", "event": "Email Opened", "channel": "email", "timestamp": day(1)},
    {
        "person_id": "p1",
        "event": "Order Completed",
        "channel": "web",
        "timestamp": day(2),
        "properties": {"revenue": 10},
    },
    {"person_id": "p1", "event": "Page Viewed", "channel": "web", "timestamp": day(3)},
    {
        "person_id": "p2",
        "event": "Order Completed",
        "timestamp": day(0),
        "properties": {"revenue": 5.0},
    },
    {"person_id": "p3", "event": "Ad Clicked", "channel": "ads", "timestamp": day(0)},
    {"person_id": "p3", "event": "Page Viewed", "channel": "web", "timestamp": day(40)},
    {
        "person_id": "p3",
        "event": "Order Completed",
        "timestamp": day(41),
        "properties": {"revenue": "7"},
    },
    {"person_id": "p4", "type": "identify", "channel": "web", "timestamp": day(0)},
    {"person_id": "p4", "event": "Email Opened", "channel": "email", "timestamp": day(1)},
    {"person_id": "p5", "event": "Email Opened", "channel": "email", "timestamp": day(5)},
    {"person_id": "p5", "event": "Order Completed", "channel": "web", "timestamp": day(5)},
]


def test_touches_from_events_split_journeys_at_conversions(
    make_events: MakeEvents, to_records: ToRecords
) -> None:
    events = make_events(ATTRIBUTION_EVENTS)
    touches = touches_from_events(events, "Order Completed", lookback=dt.timedelta(days=30))
    got = to_records(touches.drop("journey"))
    journeys = to_records(touches.select("journey").distinct())
    assert [j["journey"] for j in journeys] == ["p1#0", "p1#1", "p2#0", "p3#0", "p4#0", "p5#0"]
    d = 1.0  # ages are in days
    row = ("position", "n_touches", "label", "age", "conversions", "value", "nulls")
    expected = [
        (0, 2, "web", 2 * d, 1.0, 10.0, 0.0),  # p1
        (1, 2, "email", 1 * d, 1.0, 10.0, 0.0),
        (0, 1, "web", 0.0, 0.0, 0.0, 1.0),  # p1 after the purchase
        (0, 1, NO_TOUCH, 0.0, 1.0, 5.0, 0.0),  # p2
        (0, 1, "web", 1 * d, 1.0, 7.0, 0.0),  # p3: the ad is older than 30 days
        (0, 1, "email", 0.0, 0.0, 0.0, 1.0),  # p4: identify is no touch
        (0, 1, "email", 0.0, 1.0, 0.0, 0.0),  # p5: same instant as the purchase
    ]
    assert sorted(got, key=lambda r: [str(v) for v in r.values()]) == sorted(
        [dict(zip(row, e, strict=True)) for e in expected],
        key=lambda r: [str(v) for v in r.values()],
    )


def test_models_on_events_add_up_on_every_engine(make_events: MakeEvents) -> None:
    touches = touches_from_events(make_events(ATTRIBUTION_EVENTS), "Order Completed")
    for model in MODELS:
        result = attribute(touches, model, half_life=1.0)
        assert (result.total_conversions, result.total_value) == (4.0, 22.0)
        assert sum(c.conversions for c in result.credits) == pytest.approx(4.0)
        assert sum(c.value for c in result.credits) == pytest.approx(22.0)
    last = attribute(touches, "last_touch")
    assert credits(last) == {"email": (2.0, 10.0), NO_TOUCH: (1.0, 5.0), "web": (1.0, 7.0)}
    first = attribute(touches, "first_touch")
    assert credits(first) == {"email": (1.0, 0.0), NO_TOUCH: (1.0, 5.0), "web": (2.0, 17.0)}
    # p1's web touch is one day older than the email: weights 1/3 and 2/3 with a 1-day half-life
    decay = attribute(touches, "time_decay", half_life=1.0)
    assert credits(decay)["web"] == pytest.approx((1 / 3 + 1, 10 / 3 + 7))


def test_no_conversions_give_zero_credits(make_events: MakeEvents) -> None:
    rows = [{"person_id": "p", "event": "Page Viewed", "channel": "web", "timestamp": T0}]
    touches = touches_from_events(make_events(rows), "Order Completed")
    for model in ("markov", "shapley", "linear"):
        result = attribute(touches, model)
        assert result.total_conversions == 0.0
        assert all(c.conversions == 0.0 for c in result.credits)


def test_has_touches_only_counts_other_events_with_a_label(make_events: MakeEvents) -> None:
    """An order log has channels on its orders at most: nothing to credit, so callers say so
    instead of reporting 100% "(no touch)"."""
    orders = [
        {"person_id": "p1", "event": "Order Completed", "channel": "web", "timestamp": day(0)},
        {"person_id": "p2", "event": "Signed Up", "channel": None, "timestamp": day(1)},
        {
            "person_id": "p2",
            "type": "identify",
            "event": None,
            "channel": "crm",
            "timestamp": day(1),
        },
    ]
    assert not has_touches(make_events(orders), "Order Completed")
    assert has_touches(make_events(ATTRIBUTION_EVENTS), "Order Completed")
    assert not has_touches(make_events(ATTRIBUTION_EVENTS), "Order Completed", by="touchpoint")
