"""The greedy chain of every funnel entry, built with window functions only (no joins).

Input: the positioned events of `funnel_chains.positioned_events` (`pid`, `ts`, `bd`, `pos`,
flags `m{j}`/`x{i}`; `pos` is the source order, not a position, when `numbers_positions` says
the chains need no positions). Output: one row per entry (a step-1 event) with `pos_0`,
`ts_0`, `bd_0`, `ts_{j}` for every later step (null where the chain has no such step),
`pos_{j}` where the outcome compares positions, `bd_{j}` where the attribution reads it, and
`nxx{i}_{start}` (the first event of exclusion i after the chain's step `start`): the columns
`_ordered_outcome` reads.

Ordered funnels: the next step from a row is the first matching event after it. Pointers are
monotone: from a later row the greedy chain lands on the same or later events, so every value of
the chain onward (positions, timestamps, which sort with the position) only grows with the row
it starts from, and the value at the *first* matching row after a row is the `min()` over all
matching rows after it. `min() OVER (ROWS 1 FOLLOWING ...)` therefore carries a whole chain
back one step at a time, from the last required step to the entries, each step a window pass
over only two steps' events. A missing continuation (null) sorts after every value for the
same reason (from a later row there is none either), so `min()` skipping nulls stays exact.
Breakdown values do not sort with the position; they travel as the text `position|value`,
which does.

Strict funnels: the chain is the entry's next n-1 events, read with `lead()` in one pass.

Each step of the chain used to be a hash join of the chain with all positioned events on
(person, position); at 100M events those joins ran DuckDB out of memory even with 10 GB, while
window passes sort and spill (docs/analytics.md, "Scale and memory").
"""

from __future__ import annotations

import itertools
from typing import Any

import ibis
import ibis.expr.types as ir

from journeymap.analytics.funnel_spec import FunnelSpec
from journeymap.analytics.person_window import person_window

_POS_DIGITS = 19  # int64 positions, zero-padded so that text order is number order
_ROLE_CHAIN = 0  # a row of the next required step, carrying its chain onward
_ROLE_OWN = 1  # an event of this pass: an entry to extend, an optional step, an exclusion


def numbers_positions(spec: FunnelSpec) -> bool:
    """Whether the chains need each event's position among its person's step events (`pos`, a
    `row_number()` pass over them all): strict and unordered funnels step through positions,
    and optional steps, exclusions and carried breakdown values compare or pack them. A plain
    ordered funnel carries only timestamps, so `pos` can be the source order (`mid`) and its
    windows order by `(ts, pos)`: the same order, one sort of every step event fewer (a
    third of the funnel's time on 1M simulated events)."""
    if spec.order != "ordered":
        return True
    return bool(position_steps(spec) or _breakdown_steps(spec) or spec.exclusions)


def _window(table: ir.Table, spec: FunnelSpec, **frame: Any) -> Any:
    """Events of one person in funnel order (a tie on `pos` is one event in two roles)."""
    order = [table.pos] if numbers_positions(spec) else [table.ts, table.pos]
    if "_role" in table.columns:
        order.append(table._role)
    return person_window(table.pid, order, **frame)


def _null(dtype: Any) -> ir.Value:
    return ibis.null().cast(dtype)


def _packed(pos: ir.IntegerValue, bd: ir.StringValue) -> ir.StringValue:
    """`pos` and the breakdown value as one text that sorts by `pos`; `|` marks a non-null."""
    padded = pos.cast("string").lpad(_POS_DIGITS, "0")
    value: ir.StringValue = padded + ("|" + bd).fill_null("")
    return value


def _unpacked(packed: ir.StringValue) -> ir.StringValue:
    has_value = packed.length() > _POS_DIGITS
    value: ir.StringValue = ibis.cases((has_value, packed.substr(_POS_DIGITS + 1)))
    return value


def _breakdown_steps(spec: FunnelSpec) -> set[int]:
    """Steps after the first whose breakdown value the attribution reads."""
    if spec.breakdown is None or spec.attribution == "first_touch":
        return set()
    step = spec.attributed_step
    return {j for j in ([step] if step is not None else spec.required) if j > 0}


def position_steps(spec: FunnelSpec) -> set[int]:
    """Steps whose event position the outcome compares (optional steps and the required step
    after each, exclusion ends); for the others the timestamp says all (null: not reached)."""
    steps = {e.end for e in spec.exclusions}
    for j in spec.optional:
        following = spec.next_required(j)
        steps |= {j} if following is None else {j, following}
    return steps


def _step_values(
    table: ir.Table, j: int, when: ir.BooleanValue | None, wanted: tuple[set[int], set[int]]
) -> dict[str, Any]:
    """`ts_{j}` (and `pos_{j}`, `bd_{j}` when `wanted`) of `table`'s rows, where `when`."""
    positions, packed = wanted

    def where(value: ir.Value) -> ir.Value:
        return value if when is None else ibis.cases((when, value))

    values: dict[str, Any] = {f"ts_{j}": where(table.ts)}
    if j in positions:
        values[f"pos_{j}"] = where(table.pos)
    if j in packed:
        values[f"bd_{j}"] = where(_packed(table.pos, table.bd))
    return values


def ordered_links(table: ir.Table, spec: FunnelSpec) -> ir.Table:
    """Greedy chains of an ordered funnel, one window pass per required step after the first."""
    wanted = (position_steps(spec), _breakdown_steps(spec))
    required = spec.required
    dtypes: dict[str, Any] = {}
    for j in range(1, spec.n):
        dtypes |= {f"pos_{j}": "int64", f"ts_{j}": table.ts.type(), f"bd_{j}": "string"}
    for i, exclusion in enumerate(spec.exclusions):
        dtypes[f"nxx{i}_{exclusion.start}"] = "int64"

    # rows of the step after the current one, each with the chain onward from it
    chained: ir.Table | None = None
    carried: list[str] = []
    for here, there in reversed(list(itertools.pairwise(required))):
        between = range(here + 1, there)  # optional steps, looked up from `here`
        excluded = [i for i, e in enumerate(spec.exclusions) if e.start == here]
        own = table[f"m{here}"]
        for j in between:
            own = own | table[f"m{j}"]
        for i in excluded:
            own = own | table[f"x{i}"]
        values: dict[str, Any] = {}
        for j in between:
            values |= _step_values(table, j, table[f"m{j}"], wanted)
        for i in excluded:
            values[f"nxx{i}_{here}"] = ibis.cases((table[f"x{i}"], table.pos))
        if chained is None:
            nxt_rows = table.filter(table[f"m{there}"]).select("pid", "pos", "ts", "bd")
        else:
            nxt_rows = chained.select("pid", "pos", "ts", "bd", *carried)
        chain_values = _step_values(nxt_rows, there, None, wanted)
        produced = [*values, *chain_values, *carried]
        own_rows = table.filter(own).select(
            "pid",
            "pos",
            "ts",
            "bd",
            _role=ibis.literal(_ROLE_OWN),
            _entry=table[f"m{here}"],
            **values,
            **{c: _null(dtypes[c]) for c in produced if c not in values},
        )
        nxt_rows = nxt_rows.mutate(
            _role=ibis.literal(_ROLE_CHAIN),
            _entry=ibis.literal(False),
            **chain_values,
            **{c: _null(dtypes[c]) for c in values},
        )
        columns = ["pid", "pos", "ts", "bd", "_role", "_entry", *produced]
        both = own_rows.select(*columns).union(nxt_rows.select(*columns))
        after = _window(both, spec, rows=(1, None))
        extended = both.mutate(**{c: both[c].min().over(after) for c in produced})
        chained = extended.filter(extended._entry).drop("_role", "_entry")
        carried = produced

    if chained is None:  # a one-step funnel
        chained = table.filter(table.m0).select("pid", "pos", "ts", "bd")
    return _named(chained, spec, wanted)


def strict_links(table: ir.Table, spec: FunnelSpec) -> ir.Table:
    """Greedy chains of a strict funnel: step k is the entry's k-th next event."""
    packed = _breakdown_steps(spec)
    following = _window(table, spec)
    values: dict[str, Any] = {}
    ok: ir.BooleanValue = ibis.literal(True)
    for k in range(1, spec.n):
        ok = ok & table[f"m{k}"].lead(k).over(following).fill_null(False)
        values[f"pos_{k}"] = ibis.cases((ok, table.pos + k))
        values[f"ts_{k}"] = ibis.cases((ok, table.ts.lead(k).over(following)))
        if k in packed:
            values[f"bd_{k}"] = ibis.cases((ok, table.bd.lead(k).over(following)))
    for i, exclusion in enumerate(spec.exclusions):
        # only an exclusion event before the chain's step `end` matters
        hits = [
            (table[f"x{i}"].lead(k).over(following).fill_null(False), table.pos + k)
            for k in range(exclusion.start + 1, exclusion.end)
        ]
        values[f"nxx{i}_{exclusion.start}"] = ibis.cases(*hits) if hits else _null("int64")
    linked = table.mutate(**values)
    chained = linked.filter(linked.m0).select("pid", "pos", "ts", "bd", *values)
    return chained.rename(pos_0="pos", ts_0="ts", bd_0="bd")


def _named(chained: ir.Table, spec: FunnelSpec, wanted: tuple[set[int], set[int]]) -> ir.Table:
    positions, packed = wanted
    columns: dict[str, Any] = {"pid": chained.pid, "pos_0": chained.pos, "ts_0": chained.ts}
    columns["bd_0"] = chained.bd
    for j in range(1, spec.n):
        columns[f"ts_{j}"] = chained[f"ts_{j}"]
        if j in positions:
            columns[f"pos_{j}"] = chained[f"pos_{j}"]
        if j in packed:
            columns[f"bd_{j}"] = _unpacked(chained[f"bd_{j}"])
    for i, exclusion in enumerate(spec.exclusions):
        columns[f"nxx{i}_{exclusion.start}"] = chained[f"nxx{i}_{exclusion.start}"]
    return chained.select(**columns)
