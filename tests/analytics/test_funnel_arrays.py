"""The contract of the DuckDB funnel path (`funnel_arrays`): the same chains and answers as the
general Ibis path (`funnel_chains`, which PySpark always takes), on random small logs where
many events share one microsecond and the source order decides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ibis
import ibis.expr.operations as ops
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.analytics import funnel as funnel_module
from journeymap.analytics import funnel_arrays
from journeymap.analytics.funnel import funnel
from journeymap.analytics.funnel_result import FunnelResult
from journeymap.analytics.funnel_spec import make_spec
from journeymap.analytics.person_window import engine_hash
from journeymap.analytics.steps import Step, UnknownNameError
from tests.analytics.conftest import MakeEvents, ToRecords

T0 = dt.datetime(2024, 3, 1, 9, 0)
NAMES = ["A", "B", "C", "X"]


@st.composite
def event_logs(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["p1", "p2", "p3", "p4"]),
                st.sampled_from(NAMES),
                st.integers(0, 6),  # minutes
                st.integers(0, 1),  # and microseconds: many events share one microsecond
                st.sampled_from(["u", "v", None]),
            ),
            min_size=1,
            max_size=30,
        )
    )
    events = [
        {
            "person_id": person,
            "event": name,
            "timestamp": T0 + dt.timedelta(minutes=minute, microseconds=micro),
            "bd": value,
        }
        for person, name, minute, micro, value in rows
    ]
    # every step name exists (steps are resolved by name), far from the other events
    return events + [
        {"person_id": "zz", "event": n, "timestamp": T0 + dt.timedelta(days=9), "bd": None}
        for n in NAMES
    ]


@st.composite
def options(draw: st.DrawFn) -> dict[str, Any]:
    steps = draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, max_size=4))
    found: dict[str, Any] = {
        "steps": steps,
        "window": dt.timedelta(
            minutes=draw(st.integers(0, 6)), microseconds=draw(st.integers(0, 1))
        ),
        "breakdown": draw(st.sampled_from([None, "bd"])),
        "count": draw(st.sampled_from(["persons", "conversions"])),
    }
    if len(steps) > 1 and draw(st.booleans()):
        minutes = st.one_of(st.none(), st.integers(0, 3).map(lambda m: dt.timedelta(minutes=m)))
        found["step_windows"] = [draw(minutes) for _ in steps[1:]]
    if found["breakdown"] is not None:
        attributions = [
            "first_touch",
            "last_touch",
            *[f"step:{k}" for k in range(1, len(steps) + 1)],
        ]
        found["breakdown_attribution"] = draw(st.sampled_from(attributions))
    return found


@contextmanager
def general_path() -> Iterator[None]:
    funnel_arrays.ENABLED = False
    try:
        yield
    finally:
        funnel_arrays.ENABLED = True


def in_memory(result: FunnelResult) -> bool:
    """Whether the chains came from the DuckDB path (a table registered with the connection)."""
    op = result.chains.op()
    return isinstance(op, ops.DatabaseTable) and op.name.startswith(funnel_arrays.CHAINS_PREFIX)


def answers(result: FunnelResult, to_records: ToRecords) -> tuple[Any, ...]:
    data = result.to_dict()
    return to_records(result.chains), data, result.time_to_convert()


@contextmanager
def reads(batch_rows: int) -> Iterator[list[bool]]:
    """Batches of `batch_rows` step events; yields whether each read checked the order (the
    stored order) or had the engine sort."""
    original_rows, original_read = funnel_arrays.BATCH_ROWS, funnel_arrays._read
    checked: list[bool] = []

    def recorded(step_events: Any, spec: Any, *, check_order: bool) -> Any:
        checked.append(check_order)
        return original_read(step_events, spec, check_order=check_order)

    funnel_arrays.BATCH_ROWS, funnel_arrays._read = batch_rows, recorded
    try:
        yield checked
    finally:
        funnel_arrays.BATCH_ROWS, funnel_arrays._read = original_rows, original_read


@pytest.mark.parametrize("engine", ["duckdb"], indirect=True)
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    events=event_logs(),
    chosen=options(),
    layout=st.tuples(st.sampled_from([2, 5, 1_000_000]), st.booleans()),
)
def test_duckdb_path_gives_the_general_paths_chains(
    make_events: MakeEvents,
    to_records: ToRecords,
    events: list[dict[str, Any]],
    chosen: dict[str, Any],
    layout: tuple[int, bool],
) -> None:
    batch_rows, clustered = layout
    table = make_events(events)
    if clustered:  # in the order of a clustered store (`journeymap optimize`)
        order = [engine_hash(table.person_id), table.person_id, table.timestamp, table.seq]
        table = ibis.get_backend(table).create_table(
            f"{table.get_name()}_c", table.order_by(order), temp=True
        )
    steps = chosen.pop("steps")
    with reads(batch_rows) as checked:  # small batches split the log between persons
        fast = funnel(table, steps, **chosen)
    assert in_memory(fast)
    # stored order first; a sort only when it is out of order, which a clustered table is not
    assert checked in ([[True]] if clustered else [[True], [True, False]])
    with general_path():
        general = funnel(table, steps, **chosen)
    assert not in_memory(general)
    assert answers(fast, to_records) == answers(general, to_records)


@pytest.mark.parametrize("engine", ["duckdb"], indirect=True)
def test_the_general_path_where_the_arrays_do_not_reach(make_events: MakeEvents) -> None:
    table = make_events(
        [
            {"person_id": "p1", "event": n, "timestamp": T0 + dt.timedelta(minutes=i)}
            for i, n in enumerate(["A", "B", "X", "C"])
        ]
    )
    assert in_memory(funnel(table, ["A", "B", "C"]))
    late = {"person_id": "p2", "event": "A", "timestamp": None}
    untimed = make_events([*table.to_pyarrow().to_pylist(), late])
    with reads(funnel_arrays.BATCH_ROWS) as checked:
        assert not in_memory(funnel(untimed, ["A", "B", "C"]))  # the general path orders it
    assert checked == [True, False]  # the array path tried once (stored order, then sorted)
    # the exclusion X between A and C disqualifies the person's one chain
    expected = [({"order": "strict"}, 1), ({"order": "unordered"}, 1)]
    expected += [({"optional_steps": [2]}, 1), ({"exclusions": ["X"]}, 0)]
    for other, persons in expected:
        result = funnel(table, ["A", "B", "C"], **other)
        assert not in_memory(result)
        assert result.to_dict()["steps"][0]["persons"] == persons


@pytest.mark.parametrize("engine", ["duckdb"], indirect=True)
def test_a_person_split_between_batches_of_the_stream(
    make_events: MakeEvents, to_records: ToRecords, monkeypatch: pytest.MonkeyPatch
) -> None:
    # p2's chain A -> B -> C spans several batches of the stream and of the counted rows
    names = {"p1": ["A", "B"], "p2": ["A", "X", "B", "A", "X", "C"], "p3": ["C", "A"]}
    table = make_events(
        [
            {"person_id": person, "event": name, "timestamp": T0 + dt.timedelta(minutes=i)}
            for person, sequence in names.items()
            for i, name in enumerate(sequence)
        ]
    )
    sizes: list[int] = []
    original = funnel_arrays._read_batches

    def recorded(batches: Iterator[Any], *arguments: Any, **options: Any) -> Any:
        seen = list(batches)
        sizes.extend(batch.num_rows for batch in seen)
        return original(iter(seen), *arguments, **options)

    monkeypatch.setattr(funnel_arrays, "_read_batches", recorded)
    with reads(2):
        fast = funnel(table, ["A", "B", "C"], window="1h")
    assert in_memory(fast)
    assert len(sizes) > 2  # the stream came in batches, p2's four step events in several
    assert [step["persons"] for step in fast.to_dict()["steps"]] == [3, 2, 1]
    with general_path():
        general = funnel(table, ["A", "B", "C"], window="1h")
    assert answers(fast, to_records) == answers(general, to_records)


@pytest.mark.parametrize("engine", ["duckdb"], indirect=True)
def test_step_totals_in_memory_are_the_engines(engine: Any) -> None:
    # odd, even, one and no reached chains per step; times at microsecond precision
    rng = np.random.default_rng(15)
    spec = make_spec(
        [Step("event", name) for name in ["A", "B", "C", "D"]],
        window="1d",
        order="ordered",
        step_windows=None,
        exclusions=[],
        optional_steps=[],
        breakdown=None,
        breakdown_attribution="first_touch",
        count="persons",
    )
    columns: dict[str, pa.Array] = {}
    for j, reached in enumerate([7, 6, 1, 0]):
        flags = np.arange(7) < reached
        micros = rng.integers(0, 10**10, size=7)
        columns[f"r{j}"] = pa.array(flags)
        columns[f"ms{j}"] = pa.array(micros / 1000, mask=~flags | (j == 0))
    chains = pa.table(columns)
    by_engine = FunnelResult(spec=spec, chains=engine.create_table("chains", chains)).steps()
    in_memory = FunnelResult(
        spec=spec, chains=ibis.memtable(chains), totals=funnel_arrays.step_totals(chains, 4)
    ).steps()
    assert in_memory == by_engine
    assert [step["persons"] for step in by_engine] == [7, 6, 1, 0]


def test_the_median_in_memory_is_the_engines_to_the_last_bit() -> None:
    rng = np.random.default_rng(7)
    # 3,000 groups of 1 to 4 values: seconds at microsecond precision, and arbitrary floats
    sizes = rng.integers(1, 5, size=3_000)
    group = np.repeat(np.arange(len(sizes)), sizes)
    values = rng.integers(0, 10**12, size=len(group)) / 1000 / 1000
    values[::3] = rng.random(len(values[::3])) * 10.0 ** rng.integers(-3, 12, len(values[::3]))
    frame = pa.table({"g": group, "x": values})
    connection = ibis.duckdb.connect()
    table = connection.create_table("values", frame)
    rows = table.group_by("g").aggregate(m=table.x.median()).to_pyarrow().to_pylist()
    by_engine = {row["g"]: row["m"] for row in rows}
    starts = np.concatenate([[0], np.cumsum(sizes)])
    in_memory = {
        g: funnel_arrays.engine_median(values[starts[g] : starts[g + 1]]) for g in range(len(sizes))
    }
    assert in_memory == by_engine
    assert funnel_arrays.engine_median(np.zeros(0)) is None


@pytest.mark.parametrize("engine", ["duckdb"], indirect=True)
def test_step_names_are_taken_for_events_and_checked_by_the_pass(
    make_events: MakeEvents, to_records: ToRecords, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        {"person_id": "p1", "event": n, "timestamp": T0 + dt.timedelta(minutes=i)}
        for i, n in enumerate(["A", "B", "C"])
    ]
    rows.append({"person_id": None, "event": "D", "timestamp": T0})  # D: of no person
    table = make_events(rows)
    lookups: list[list[str]] = []
    original = funnel_module.resolve_steps

    def counted(events: Any, specs: list[str]) -> Any:
        lookups.append(specs)
        return original(events, specs)

    monkeypatch.setattr(funnel_module, "resolve_steps", counted)
    fast = funnel(table, ["A", "event:B", "C"])
    assert lookups == []  # every name seen by the pass: no lookup
    assert [step["persons"] for step in fast.to_dict()["steps"]] == [1, 1, 1]
    with_d = funnel(table, ["A", "D"])  # D exists, but the pass saw none: the lookup says so
    assert lookups == [["A", "D"]]
    assert [step["persons"] for step in with_d.to_dict()["steps"]] == [1, 0]
    with pytest.raises(UnknownNameError, match="closest: B"):
        funnel(table, ["A", "Bb"])
    # on bound events a plain name may be a touchpoint's: looked up first
    bound = make_events([{**row, "touchpoint": "t-" + str(row["event"])} for row in rows])
    lookups.clear()
    by_touchpoint = funnel(bound, ["t-A", "B"])
    assert lookups == [["t-A", "B"]]
    assert [step["persons"] for step in by_touchpoint.to_dict()["steps"]] == [1, 1]
    with general_path():
        assert answers(funnel(table, ["A", "D"]), to_records) == answers(with_d, to_records)
