"""Funnel chains in Ibis: from every entry (step-1 event), the chain of steps it reaches.

Events of a person are put in the one event order of every analysis: timestamp, then the order
in the source file (`event_order.py`). From each entry, each next required step is the first
matching event after the previous required step (`ordered`), or must be the very next event of
the person (`strict`). For plain ordered funnels
this greedy chain is the best chain from that entry (an earlier next step never leaves less
room), which gives PostHog's semantics; docs/analytics.md states the rule for step windows,
optional steps and exclusions, where the greedy chain *is* the definition. `funnel_links`
builds the ordered and strict chains with window passes only.

The chains table has one row per entry (or per anchor, for `unordered`) with:
`pid`, `start` (timestamp), `pos` (entry position, or its source order: see
`positioned_events`), `depth` (required steps reached),
`r{j}` (step j reached), `ms{j}` (milliseconds, with their fraction, from the previous required
step to step j),
`total_ms` (entry to last step, when reached), `bd` (the attributed breakdown value).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.analytics.clock import epoch_micros
from journeymap.analytics.event_order import source_order
from journeymap.analytics.funnel_links import numbers_positions, ordered_links, strict_links
from journeymap.analytics.funnel_spec import FunnelSpec, breakdown_value
from journeymap.analytics.person_window import person_window

_NULL_INT = ibis.null().cast("int64")
_NULL_MS = ibis.null().cast("float64")


def positioned_events(events: ir.Table, spec: FunnelSpec) -> ir.Table:
    """Events (step events only, unless strict) with match flags `m{j}`/`x{i}` and `pos`: the
    position among the person's events, or the source order where the chains need no
    positions (`numbers_positions`; then `(ts, pos)` is the order)."""
    flags = {f"m{j}": step.matches(events) for j, step in enumerate(spec.steps)}
    flags |= {f"x{i}": ex.step.matches(events) for i, ex in enumerate(spec.exclusions)}
    table = events.filter(events.person_id.notnull()).select(
        pid=events.person_id,
        ts=events.timestamp,
        mid=source_order(events),
        bd=breakdown_value(events, spec.breakdown),
        **flags,
    )
    if spec.order != "strict":
        any_flag: ir.BooleanValue = ibis.literal(False)
        for name in flags:
            any_flag = any_flag | table[name]
        table = table.filter(any_flag)
    if not numbers_positions(spec):
        return table.mutate(pos=table.mid)  # orders with `ts` (funnel_links.numbers_positions)
    order = person_window(table.pid, [table.ts, table.mid])
    return table.mutate(pos=ibis.row_number().over(order))


def chains(events: ir.Table, spec: FunnelSpec) -> ir.Table:
    if spec.order == "unordered":
        return _unordered_chains(positioned_events(events, spec), spec)
    return _ordered_chains(positioned_events(events, spec), spec)


def _ms(later: ir.TimestampValue, earlier: ir.TimestampValue) -> ir.FloatingValue:
    """Milliseconds from `earlier` to `later` as float64, with their microseconds: the exact
    integer difference (`clock.py`), not the engines' differently rounded millisecond diffs."""
    delta: ir.FloatingValue = (epoch_micros(later) - epoch_micros(earlier)).cast("float64") / 1000
    return delta


def _ordered_chains(table: ir.Table, spec: FunnelSpec) -> ir.Table:
    if spec.order == "strict":
        return _ordered_outcome(strict_links(table, spec), spec)
    return _ordered_outcome(ordered_links(table, spec), spec)


def _ordered_outcome(chain: ir.Table, spec: FunnelSpec) -> ir.Table:
    start = chain.ts_0
    within: dict[int, ir.BooleanValue] = {}
    from_previous: dict[int, ir.FloatingValue] = {}
    for j in range(1, spec.n):
        previous_ts = chain[f"ts_{spec.previous_required(j)}"]
        from_previous[j] = _ms(chain[f"ts_{j}"], previous_ts)
        # a missing step has a null timestamp, so it is not within
        ok = _ms(chain[f"ts_{j}"], start) <= spec.window_ms
        step_window = spec.step_windows_ms[j]
        if step_window is not None:
            ok = ok & (from_previous[j] <= step_window)
        within[j] = ok.fill_null(False)

    reached: dict[int, ir.BooleanValue] = {0: ibis.literal(True)}
    for j in spec.required[1:]:
        reached[j] = reached[spec.previous_required(j)] & within[j]
    for j in sorted(spec.optional):
        ok = reached[spec.previous_required(j)] & within[j]
        following = spec.next_required(j)
        if following is not None:
            ok = ok & (~reached[following] | (chain[f"pos_{j}"] < chain[f"pos_{following}"]))
        reached[j] = ok.fill_null(False)

    disqualified: ir.BooleanValue = ibis.literal(False)
    for i, exclusion in enumerate(spec.exclusions):
        excluded_at = chain[f"nxx{i}_{exclusion.start}"]
        hit = reached[exclusion.end] & (excluded_at < chain[f"pos_{exclusion.end}"])
        disqualified = disqualified | hit.fill_null(False)

    depth: ir.IntegerValue = ibis.literal(0)
    for j in spec.required:
        depth = depth + reached[j].cast("int64")
    last = spec.required[-1]
    total = ibis.cases((reached[last], _ms(chain[f"ts_{last}"], start)), else_=_NULL_MS)
    columns: dict[str, ir.Value] = {
        "pid": chain.pid,
        "start": start,
        "pos": chain.pos_0,
        "depth": depth,
        "total_ms": total,
        "bd": _attributed(chain, spec, reached),
        "disqualified": disqualified,
    }
    for j in range(spec.n):
        columns[f"r{j}"] = reached[j]
        columns[f"ms{j}"] = (
            _NULL_MS if j == 0 else ibis.cases((reached[j], from_previous[j]), else_=_NULL_MS)
        )
    result = chain.select(**columns)
    return result.filter(~result.disqualified).drop("disqualified")


def _attributed(
    chain: ir.Table, spec: FunnelSpec, reached: dict[int, ir.BooleanValue]
) -> ir.StringValue:
    null: ir.StringValue = ibis.null().cast("string")
    if spec.breakdown is None:
        return null
    if spec.attribution == "first_touch":
        first: ir.StringValue = chain.bd_0
        return first
    step = spec.attributed_step
    if step is not None:
        at_step: ir.StringValue = ibis.cases((reached[step], chain[f"bd_{step}"]), else_=null)
        return at_step
    deepest = [(reached[j], chain[f"bd_{j}"]) for j in reversed(spec.required)]
    last_touch: ir.StringValue = ibis.cases(*deepest, else_=null)
    return last_touch


def _unordered_chains(table: ir.Table, spec: FunnelSpec) -> ir.Table:
    """Each step event is an anchor; a step counts when it occurs at or after the anchor within
    the window. Step k of the result means "any k of the steps"."""
    onward = person_window(table.pid, [table.pos], rows=(0, None))
    firsts = {
        f"t{j}": ibis.cases((table[f"m{j}"], table.ts)).min().over(onward) for j in range(spec.n)
    }
    anchors = table.mutate(**firsts)
    any_step: ir.BooleanValue = ibis.literal(False)
    for j in range(spec.n):
        any_step = any_step | anchors[f"m{j}"]
    anchors = anchors.filter(any_step)
    found = {
        j: (
            anchors[f"t{j}"].notnull() & (_ms(anchors[f"t{j}"], anchors.ts) <= spec.window_ms)
        ).fill_null(False)
        for j in range(spec.n)
    }
    depth: ir.IntegerValue = ibis.literal(0)
    for j in range(spec.n):
        depth = depth + found[j].cast("int64")
    # the k-th found time: the found step whose rank among found steps (time, then index) is k
    ranks: dict[int, ir.IntegerValue] = {}
    for j in range(spec.n):
        rank: ir.IntegerValue = ibis.literal(0)
        for i in range(spec.n):
            if i == j:
                continue
            earlier = anchors[f"t{i}"] < anchors[f"t{j}"]
            if i < j:
                earlier = earlier | (anchors[f"t{i}"] == anchors[f"t{j}"])
            rank = rank + (found[i] & earlier).fill_null(False).cast("int64")
        ranks[j] = rank
    null_ts = ibis.null().cast("timestamp")
    sorted_ts = {
        k: ibis.cases(
            *[(found[j] & (ranks[j] == k), anchors[f"t{j}"]) for j in range(spec.n)], else_=null_ts
        )
        for k in range(spec.n)
    }
    columns: dict[str, ir.Value] = {
        "pid": anchors.pid,
        "start": anchors.ts,
        "pos": anchors.pos,
        "depth": depth,
        "total_ms": ibis.cases(
            (depth == spec.n, _ms(sorted_ts[spec.n - 1], anchors.ts)), else_=_NULL_MS
        ),
        "bd": anchors.bd,
    }
    for k in range(spec.n):
        columns[f"r{k}"] = depth >= k + 1
        columns[f"ms{k}"] = (
            _NULL_MS
            if k == 0
            else ibis.cases((depth >= k + 1, _ms(sorted_ts[k], sorted_ts[k - 1])), else_=_NULL_MS)
        )
    return anchors.select(**columns)


def best_chains(chain_table: ir.Table) -> ir.Table:
    """One chain per person: the deepest, then the earliest entry."""
    # `pos` breaks ties of `start`: a position, or the source order (`positioned_events`)
    best = person_window(
        chain_table.pid, [ibis.desc(chain_table.depth), chain_table.start, chain_table.pos]
    )
    ranked = chain_table.mutate(_rank=ibis.row_number().over(best))
    return ranked.filter(ranked._rank == 0).drop("_rank")
