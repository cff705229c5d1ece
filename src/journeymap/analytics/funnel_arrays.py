"""The DuckDB path of ordered funnels: greedy chains on each person's sorted step events.

The general path (`funnel_chains` + `funnel_links`) carries the chains back one window pass per
step and ranks the chains in one more: five sorts of the step events for a five-step funnel
(0.8 CPU seconds on 1M simulated events, 6x ClickHouse's `windowFunnel`). Here DuckDB sorts the
step events once, by person, timestamp and source order, and streams them out; the greedy chain
of every entry is then a few vectorized array passes (`greedy_chains`): for each step, the first
event of that step after each row is a reversed running minimum of row numbers, and a chain
follows these pointers from its entry, one lookup per step. The rule is the general path's
(docs/analytics.md, "Funnels"); `tests/analytics/test_funnel_arrays.py` checks that both give
the same chains on random logs with simultaneous events.

It covers ordered funnels with any step windows, breakdowns and attributions and both count
modes; strict and unordered funnels, optional steps and exclusions keep the general path, as
do engines other than DuckDB. The events come in batches of whole persons, so memory holds one
batch and the counted chains (one row per person, or per entry for `count="conversions"`).
A thread reads DuckDB's stream ahead (`batch_prefetch`), so the engine makes the next batches
while numpy counts the last ones, on the other core. The steps' counts and medians are taken
from the chains in memory (`step_totals`), and on raw events the step names are checked by the
pass itself (`ArrayChains.seen`, used by `funnel`) instead of a lookup of every event name.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import uuid
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis.expr.types as ir

from journeymap.analytics.batch_prefetch import prefetched
from journeymap.analytics.event_order import source_order
from journeymap.analytics.funnel_spec import FunnelSpec, breakdown_value
from journeymap.analytics.person_window import engine_hash

if TYPE_CHECKING:
    from collections.abc import Iterator

    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

ENABLED = True  # tests switch it off to compare with the general path
# the step flags travel as the bits of one integer, as narrow as the funnel's steps allow
_CODE_TYPES = {
    n: "int8" if n < 8 else "int16" if n < 16 else "int32" if n < 32 else "int64" for n in range(64)
}
# step events per batch of whole persons; the array pass over the 5.9M step events of 10M
# simulated events took 0.8 CPU s in batches of 250K, 1.05-1.5 in batches of 1M (a smaller
# batch's arrays stay in the caches; shared machine)
BATCH_ROWS = 250_000
CHAINS_PREFIX = "jm_funnel_chains_"  # the counted chains, registered with the connection


def covers(events: ir.Table, spec: FunnelSpec) -> bool:
    """Whether this path computes `spec` on `events` (else the general path does)."""
    if not ENABLED or spec.order != "ordered" or spec.optional or spec.exclusions:
        return False
    if spec.n not in _CODE_TYPES:
        return False
    backends, unbound = events._find_backends()
    return bool(backends) and not unbound and all(b.name == "duckdb" for b in backends)


@dataclass(frozen=True)
class ArrayChains:
    chains: ir.Table
    """The counted chains (the person's best, or every entry's for conversions), with the
    columns of `funnel_chains.best_chains`, as an in-memory table."""
    totals: dict[str, Any]
    """Their `step_totals`."""
    seen: int
    """Bit j set where some event of a person matched step j."""


def array_chains(events: ir.Table, spec: FunnelSpec) -> ArrayChains | None:
    """The chains of `spec` over `events`; None where events lack a timestamp (the general
    path orders those)."""
    import pyarrow as pa

    from journeymap.store import duckdb_compat

    duckdb_compat.install()  # Ibis 12 streams batches by DuckDB 1.x's method names
    step_events = _step_events(events, spec)
    # A clustered store (`journeymap optimize`) returns them in order without a sort; the order
    # is checked, and the first batch out of order starts over with the engine's sort.
    found = _read(step_events, spec, check_order=True)
    if found is None:
        found = _read(step_events.order_by(_ORDER), spec, check_order=False)
    if found is None:
        return None
    parts, seen = found
    chains = pa.concat_tables(parts)
    return ArrayChains(_registered(events, chains), step_totals(chains, spec.n), seen)


def step_totals(chains: pa.Table, steps: int) -> dict[str, Any]:
    """The aggregate row of `FunnelResult.steps` over `chains`: per step j, `n{j}` the chains
    that reached it and `med{j}` the median seconds from the previous step (None without
    any), as the engine computes it."""
    import pyarrow.compute as pc

    totals: dict[str, Any] = {}
    for j in range(steps):
        totals[f"n{j}"] = int(pc.sum(chains.column(f"r{j}").cast("int64")).as_py() or 0)
        seconds = chains.column(f"ms{j}").drop_null().to_numpy() / 1000
        totals[f"med{j}"] = engine_median(seconds)
    return totals


def engine_median(values: npt.NDArray[np.float64]) -> float | None:
    """The median as DuckDB's `quantile_cont(x, 0.5)` computes it, to the last bit: of an
    even count, half the lower middle value plus half the upper (`lo + (hi - lo) / 2` differs
    in the last bit now and then); None of no values."""
    import numpy as np

    if len(values) == 0:
        return None
    middle = (len(values) - 1) // 2
    if len(values) % 2:
        return float(np.partition(values, middle)[middle])
    low, high = np.partition(values, [middle, middle + 1])[middle : middle + 2]
    return float(low * 0.5 + high * 0.5)


def _registered(events: ir.Table, chains: pa.Table) -> ir.Table:
    """`chains` as a table of the events' own connection (an Ibis memtable would run on Ibis'
    default backend, whose start costs 0.3 CPU seconds per process), dropped with the last
    expression that uses it."""
    backend = events._find_backend()
    name = f"{CHAINS_PREFIX}{uuid.uuid4().hex}"
    backend.con.register(name, chains)
    table = backend.table(name)
    weakref.finalize(table.op(), _unregister, backend.con, name)
    return table


def _unregister(connection: Any, name: str) -> None:
    """Drop the registered chains; a connection already closed (the store was closed before
    the last expression went away) dropped them with itself."""
    import duckdb

    with contextlib.suppress(duckdb.ConnectionException):
        connection.unregister(name)


def _step_events(events: ir.Table, spec: FunnelSpec) -> ir.Table:
    """Step events: `h` (the engine's hash of the person), `pid`, `ts`, `mid`, `bd`, and
    `code` (bit j set where the event matches step j)."""
    # plain comparisons, which DuckDB pushes into the scan (not `IN`, which it joins, and the
    # join does not keep the table's order); where every step is an event name, the rows
    # kept have an event, so the comparisons need no NULL handling either
    plain = all(step.kind == "event" for step in spec.steps)
    flags = [events.event == step.value if plain else step.matches(events) for step in spec.steps]
    wanted = functools.reduce(operator.or_, {f.op(): f for f in flags}.values())
    width = _CODE_TYPES[spec.n]
    if plain:
        # one CASE on the name (each name the bits of every step it is): the step events of
        # 10M events came out in 0.06-0.08 CPU s less (0.38 against 0.45) than with a sum of
        # comparisons (the query alone, shared machine)
        bits: dict[str, int] = {}
        for j, step in enumerate(spec.steps):
            bits[step.value] = bits.get(step.value, 0) | (1 << j)
        code = events.event.substitute(bits, else_=0)  # (DuckDB makes it an INTEGER)
    else:
        code = functools.reduce(
            operator.add, [f.cast(width) * (1 << j) for j, f in enumerate(flags)]
        ).cast(width)
    columns: dict[str, Any] = {
        "h": engine_hash(events.person_id),
        "pid": events.person_id,
        "ts": events.timestamp,
        "mid": source_order(events),
        "code": code,
    }
    if spec.breakdown is not None:
        columns["bd"] = breakdown_value(events, spec.breakdown)
    return events.filter(events.person_id.notnull() & wanted).select(**columns)


# the order of `person_window` and of a clustered store (`store/cluster.py`)
_ORDER = ["h", "pid", "ts", "mid"]


def _read(
    step_events: ir.Table, spec: FunnelSpec, *, check_order: bool
) -> tuple[list[pa.Table], int] | None:
    """The counted chains of `step_events`, read in batches of whole persons, and the steps
    seen (`ArrayChains.seen`); None when `check_order` finds them out of order, or a timestamp
    is missing."""
    reader = _batches(step_events)
    # DuckDB makes the next batches while numpy counts the last ones
    with prefetched(reader) as batches:
        return _read_batches(batches, reader.schema, spec, check_order=check_order)


def _read_batches(
    batches: Iterator[pa.RecordBatch], schema: pa.Schema, spec: FunnelSpec, *, check_order: bool
) -> tuple[list[pa.Table], int] | None:
    """`_read` on the batches of a stream of `schema`."""
    import numpy as np
    import pyarrow as pa

    seen = 0
    parts: list[pa.Table] = []
    pending: list[pa.RecordBatch] = []
    rows = 0
    while True:
        batch = next(batches, None)
        if batch is not None:
            pending.append(batch)
            rows += batch.num_rows
            if rows < BATCH_ROWS:
                continue
        elif not pending and parts:
            break
        # (the reader's schema only for no batches: its integer widths are Ibis', not DuckDB's)
        table = pa.Table.from_batches(pending, schema=None if pending else schema)
        table = table.combine_chunks()
        starts = _person_starts(table, check_order=check_order)
        if starts is None:
            return None
        if table.num_rows:
            seen |= int(np.bitwise_or.reduce(table.column("code").to_numpy()))
        # the last person may go on in the next batch
        last = table.num_rows if batch is None else int(starts[-1]) if len(starts) else 0
        if last == 0 and batch is not None:  # one person so far: read on
            continue
        parts.append(_counted(table.slice(0, last), starts[starts < last], spec))
        pending = table.slice(last).to_batches() if last < table.num_rows else []
        rows = table.num_rows - last
        if batch is None:
            break
    return parts, seen


def _batches(step_events: ir.Table) -> pa.RecordBatchReader:
    """The rows of `step_events` in batches of about `BATCH_ROWS`, streamed by a DuckDB relation
    (Ibis' own stream goes through a DB-API result, which DuckDB 2.0 copies once more: 2.1 CPU
    seconds against 0.8 for the 5.9M step events of 10M simulated events)."""
    import ibis.expr.operations as ops

    if step_events.op().find(ops.InMemoryTable):  # Ibis registers those as it runs them
        return step_events.to_pyarrow_batches(chunk_size=BATCH_ROWS)
    backend = step_events._find_backend()
    relation = backend.con.sql(backend.compile(step_events))
    if hasattr(relation, "to_arrow_reader"):  # DuckDB 2.0
        return relation.to_arrow_reader(BATCH_ROWS)
    return relation.fetch_record_batch(BATCH_ROWS)


def _person_starts(table: pa.Table, *, check_order: bool) -> npt.NDArray[np.int64] | None:
    """The first row of each person in `table` (sorted by person); None where a timestamp is
    missing or, with `check_order`, where the rows are not in `_ORDER`."""
    import numpy as np
    import pyarrow.compute as pc

    n = table.num_rows
    if table.column("ts").null_count:
        return None
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    pid = table.column("pid")
    same = pc.equal(pid.slice(1), pid.slice(0, n - 1)).to_numpy(zero_copy_only=False)
    if check_order and not _in_order(table, same):
        return None
    return np.flatnonzero(np.concatenate([[True], ~same]))


def _micros(table: pa.Table) -> npt.NDArray[np.int64]:
    """The timestamps as microseconds since the epoch (naive UTC), as `clock.epoch_micros`."""
    import numpy as np
    import pyarrow as pa

    ts = table.column("ts").cast(pa.timestamp("us"))  # the store keeps microseconds
    return ts.to_numpy().view(np.int64)  # type: ignore[no-any-return]


def _in_order(table: pa.Table, same: npt.NDArray[np.bool_]) -> bool:
    """Whether the rows are in `_ORDER` (`same`: each row's person is the previous row's)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    mid = table.column("mid")
    if not pa.types.is_integer(mid.type) or mid.null_count:
        return False
    h = table.column("h").to_numpy()
    us = _micros(table)
    order = mid.to_numpy()
    later = (us[:-1] < us[1:]) | ((us[:-1] == us[1:]) & (order[:-1] <= order[1:]))
    one_hash = h[:-1] == h[1:]
    ordered = (h[:-1] < h[1:]) | (one_hash & same & later)
    if ordered.all():
        return True
    # persons of one hash: in order of their ids
    collided = np.flatnonzero(~ordered & one_hash & ~same)
    if len(collided) < int(np.count_nonzero(~ordered)):
        return False
    pid = table.column("pid")
    following = pc.less(pid.take(collided), pid.take(collided + 1))
    return bool(pc.all(following).as_py())


def _counted(table: pa.Table, starts: npt.NDArray[np.int64], spec: FunnelSpec) -> pa.Table:
    """The counted chains of the sorted step events of whole persons (`starts`: each
    person's first row)."""
    import numpy as np
    import pyarrow as pa

    code = table.column("code").to_numpy(zero_copy_only=False)
    flags = [(code & (1 << j)) != 0 for j in range(spec.n)]
    micros = _micros(table)
    chain, owner = greedy_chains(starts, flags)
    reached, gaps, total = _outcome(chain, micros, spec)
    depth = np.count_nonzero(reached, axis=0).astype(np.int64)
    entries = chain[0]
    pos = entries - starts[owner] if _numbers_positions(spec) else None
    if spec.count == "persons":
        keep = best_entries(owner, depth)
        depth, reached, gaps, total = depth[keep], reached[:, keep], gaps[:, keep], total[keep]
        chain = chain[:, keep]
        entries = chain[0]
        pos = None if pos is None else pos[keep]
    taken = pa.array(entries)
    start = table.column("ts").take(taken)
    columns: dict[str, Any] = {
        "pid": table.column("pid").take(taken),
        "start": start,
        "pos": table.column("mid").take(taken) if pos is None else pa.array(pos, pa.int64()),
        "depth": pa.array(depth, pa.int64()),
        "total_ms": _masked(total, reached[-1]),
        "bd": _attributed(table, spec, chain, reached),
    }
    for j in range(spec.n):
        columns[f"r{j}"] = pa.array(reached[j], pa.bool_())
        columns[f"ms{j}"] = _masked(gaps[j], reached[j] & (j > 0))
    return pa.table(columns)


def greedy_chains(
    starts: npt.NDArray[np.int64], flags: list[npt.NDArray[np.bool_]]
) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64]]:
    """Row numbers of every entry's greedy chain, one row per step (`len(flags[0])` where the
    chain has no such step), and each entry's person. Rows are sorted by person (`starts`:
    each person's first row), then in event order; from each step's row, the next step is the
    first row after it, of the same person, that matches the step."""
    import numpy as np

    n = len(flags[0])
    # row numbers as narrow as the batch allows: half the memory traffic
    width = np.int32 if n < np.iinfo(np.int32).max else np.int64
    entries = np.flatnonzero(flags[0]).astype(width)
    # each row's person (a running count of first rows: cheaper than a binary search)
    first = np.zeros(n, dtype=bool)
    first[starts] = True
    owner = (np.cumsum(first, dtype=width) - 1)[entries].astype(np.int64)
    ends = np.append(starts[1:], n).astype(width)[owner]  # the row after the entry's person
    chain = np.full((len(flags), len(entries)), n, dtype=width)
    chain[0] = entries
    up_to = np.empty(n, dtype=width)
    alive = np.arange(len(entries))  # the chains that have their previous step
    for j in range(1, len(flags)):
        # the first matching row after row r is the k-th, k the matching rows up to r
        matching = np.append(np.flatnonzero(flags[j]).astype(width), width(n))
        np.cumsum(flags[j], dtype=width, out=up_to)
        following = matching[up_to[chain[j - 1, alive]]]
        found = following < ends[alive]
        alive = alive[found]
        chain[j, alive] = following[found]
    return chain, owner


def _outcome(
    chain: npt.NDArray[np.int64], micros: npt.NDArray[np.int64], spec: FunnelSpec
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Per step and chain: reached, milliseconds from the previous step; and milliseconds from
    entry to the last step. The window tests are exact on integer microseconds."""
    import numpy as np

    at = np.append(micros, 0)[chain]
    exists = chain < len(micros)
    reached = np.zeros(chain.shape, dtype=bool)
    reached[0] = True
    gaps = np.zeros(chain.shape, dtype=np.float64)
    for j in range(1, spec.n):
        from_previous = at[j] - at[j - 1]
        within = exists[j] & (at[j] - at[0] <= spec.window_ms * 1000)
        step_window = spec.step_windows_ms[j]
        if step_window is not None:
            within &= from_previous <= step_window * 1000
        reached[j] = reached[j - 1] & within
        gaps[j] = from_previous / 1000  # as `funnel_chains._ms`: exact micros, then float
    total = (at[-1] - at[0]) / 1000
    return reached, gaps, total


def best_entries(owner: npt.NDArray[np.int64], depth: npt.NDArray[np.int64]) -> Any:
    """Indexes of each person's best chain among entries sorted by person and event order: the
    deepest, then the earliest (`funnel_chains.best_chains`)."""
    import numpy as np

    if len(owner) == 0:
        return np.zeros(0, dtype=np.int64)
    firsts = np.flatnonzero(np.concatenate([[True], owner[1:] != owner[:-1]]))
    deepest = np.maximum.reduceat(depth, firsts)
    group = np.repeat(np.arange(len(firsts)), np.diff(np.append(firsts, len(owner))))
    candidates = np.flatnonzero(depth == deepest[group])
    # the first candidate of each person
    new = np.concatenate([[True], owner[candidates[1:]] != owner[candidates[:-1]]])
    return candidates[new]


def _masked(values: npt.NDArray[np.float64], valid: npt.NDArray[np.bool_]) -> pa.Array:
    import numpy as np
    import pyarrow as pa

    return pa.array(values, pa.float64(), mask=~np.asarray(valid, dtype=bool))


def _numbers_positions(spec: FunnelSpec) -> bool:
    """Whether the general path's `pos` is the position among the person's step events (it is
    the source order otherwise): `funnel_links.numbers_positions` for ordered funnels."""
    from journeymap.analytics.funnel_links import numbers_positions

    return numbers_positions(spec)


def _attributed(
    table: pa.Table, spec: FunnelSpec, chain: npt.NDArray[np.int64], reached: Any
) -> pa.Array:
    """The breakdown value of each chain, attributed as `funnel_chains._attributed` does."""
    import numpy as np
    import pyarrow as pa

    if spec.breakdown is None:
        return pa.nulls(chain.shape[1], pa.string())
    rows = np.full(chain.shape[1], -1, dtype=np.int64)
    if spec.attribution == "first_touch":
        rows = chain[0]
    elif spec.attributed_step is not None:
        step = spec.attributed_step
        rows = np.where(reached[step], chain[step], -1)
    else:  # last touch: the deepest step reached
        for j in range(spec.n):
            rows = np.where(reached[j], chain[j], rows)
    value: pa.Array = table.column("bd").take(pa.array(rows, mask=rows < 0)).combine_chunks()
    return value
