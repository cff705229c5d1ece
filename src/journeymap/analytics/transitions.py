"""The directly-follows graph: how often each node follows another, by whom, how fast.

Columns of the result: `source`, `target`, `count` (transitions), `persons` (distinct),
`mean_seconds`, `median_seconds`, `p90_seconds` (time between the two events; NULL on the
`__start__`/`__end__` edges). Every case contributes one `__start__ -> first node` and one
`last node -> __end__` edge, so for every node the incoming counts equal the outgoing counts.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from journeymap.analytics.clock import epoch_micros
from journeymap.analytics.clock import seconds as micros_to_seconds
from journeymap.analytics.sequences import (
    END,
    START,
    NodeKind,
    case_window,
    coded_case_rows,
    decode,
)

# codes of the start and end nodes; the nodes' own codes count from 0
START_CODE = -1
END_CODE = -2


def transitions(
    events: ir.Table,
    *,
    by: NodeKind = "event",
    session_gap: str | dt.timedelta | None = "30m",
    collapse_repeats: bool = False,
    out_of_core: bool = False,
) -> ir.Table:
    """Edges of the directly-follows graph over cases (persons, or sessions of `session_gap`).

    `out_of_core=True` computes the median and p90 by sorting each edge's durations instead of
    with the engine's quantile aggregates: the same numbers up to floating-point rounding, about
    1.5x slower in memory, but it works on data far larger than memory (`_sorted_statistics`).
    """
    table, names = coded_case_rows(
        events, by=by, session_gap=session_gap, collapse_repeats=collapse_repeats
    )
    order = case_window(table)
    following = table.mutate(
        target=table.node.lead().over(order), next_ts=table.ts.lead().over(order)
    )
    if session_gap is not None:
        following = following.mutate(first=table.node.lag().over(order).isnull())
    seconds = micros_to_seconds(epoch_micros(following.next_ts) - epoch_micros(following.ts))
    edges = following.select(
        pid=following.pid,
        source=following.node,
        target=following.target.fill_null(END_CODE),
        seconds=seconds,  # NULL on the edge to `__end__`
    )
    if out_of_core:
        result = _sorted_statistics(edges)
    else:
        # both quantiles from one aggregate: each quantile aggregate keeps its own copy of
        # the values
        result = edges.group_by(["source", "target"]).aggregate(
            count=edges.count(),
            persons=edges.pid.nunique(),
            mean_seconds=edges.seconds.mean(),
            _quantiles=edges.seconds.quantile(list(QUANTILES.values())),
        )
        result = result.select(
            "source",
            "target",
            "count",
            "persons",
            "mean_seconds",
            **{name: result._quantiles[i] for i, name in enumerate(QUANTILES)},
        )
    if session_gap is None:
        entries = _entries_of_persons(result)
    else:
        firsts = following.filter(following.first)
        entries = firsts.group_by(target=firsts.node).aggregate(
            count=firsts.count(), persons=firsts.pid.nunique()
        )
    null_seconds = ibis.null().cast("float64")
    entries = entries.select(
        source=ibis.literal(START_CODE, "int64"),
        target=entries.target,
        count=entries["count"],
        persons=entries.persons,
        mean_seconds=null_seconds,
        median_seconds=null_seconds,
        p90_seconds=null_seconds,
    )
    result = result.union(entries)
    markers = {START_CODE: START, END_CODE: END}
    result = decode(decode(result, names, "source", markers), names, "target", markers)
    return result.order_by([ibis.desc("count"), "source", "target"])


QUANTILES = {"median_seconds": 0.5, "p90_seconds": 0.9}


def _entries_of_persons(edges: ir.Table) -> ir.Table:
    """The edges from `__start__` (`target`, `count`, `persons`) when every case is a whole
    person, from the other edges alone.

    Every event of a node has one incoming and one outgoing edge, so the cases that start at a
    node are its outgoing count minus its incoming count from other nodes, and each of them is
    another person. That reads the few aggregated edges instead of finding every case's first
    event in the window pass: a `lag()` less over all events.
    """
    out = edges.group_by(node=edges.source).aggregate(out=edges["count"].sum())
    inner = edges.filter(edges.target >= 0)
    into = inner.group_by(into_node=inner.target).aggregate(into=inner["count"].sum())
    both = out.left_join(into, out.node == into.into_node)
    starts = both.out - both.into.fill_null(0)
    entries = both.select(target=both.node, count=starts, persons=starts)
    return entries.filter(entries["count"] > 0)


def _sorted_statistics(edges: ir.Table) -> ir.Table:
    """Counts, persons and mean/median/p90 seconds per edge, in one read of `edges`.

    The quantiles are read off a window that sorts each edge's seconds, not computed by the
    engines' median/quantile aggregates: those keep every value of a group in memory, and on
    100M events (a few hundred edges) DuckDB spilled them without bound (70 GB of temporary
    files), while a window sort spills like any other sort. Same interpolation as
    `quantile_cont`, Spark's `percentile` and numpy: position h = (n - 1) q among the n sorted
    values, the value at floor(h) plus (h - floor(h)) times the step to the next one.
    """
    edge = ibis.window(group_by=[edges.source, edges.target])
    # NULL seconds (start and end edges) last on every engine, so positions count values only
    by_seconds = ibis.window(
        group_by=[edges.source, edges.target],
        order_by=[edges.seconds.isnull(), edges.seconds],
    )
    ranked = edges.mutate(
        n_values=edges.seconds.count().over(edge),
        position=ibis.row_number().over(by_seconds),
    )
    picks: dict[str, ir.Value] = {}
    for name, q in QUANTILES.items():
        at = (ranked.n_values - 1).cast("float64") * q
        below, above = at.floor().cast("int64"), at.ceil().cast("int64")
        picks[f"_low_{name}"] = ranked.seconds.max(where=ranked.position == below)
        picks[f"_high_{name}"] = ranked.seconds.max(where=ranked.position == above)
    stats = ranked.group_by(["source", "target"]).aggregate(
        count=ranked.count(),
        persons=ranked.pid.nunique(),
        mean_seconds=ranked.seconds.mean(),
        _values=ranked.n_values.max(),
        **picks,
    )
    quantiles: dict[str, ir.Value] = {}
    for name, q in QUANTILES.items():
        at = (stats._values - 1).cast("float64") * q
        low, high = stats[f"_low_{name}"], stats[f"_high_{name}"]
        quantiles[name] = low + (at - at.floor()) * (high - low)
    return stats.select("source", "target", "count", "persons", "mean_seconds", **quantiles)
