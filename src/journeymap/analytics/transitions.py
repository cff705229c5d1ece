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

from journeymap.analytics.sequences import END, START, NodeKind, case_rows, case_window


def transitions(
    events: ir.Table,
    *,
    by: NodeKind = "event",
    session_gap: str | dt.timedelta | None = "30m",
    collapse_repeats: bool = False,
) -> ir.Table:
    """Edges of the directly-follows graph over cases (persons, or sessions of `session_gap`)."""
    table = case_rows(events, by=by, session_gap=session_gap, collapse_repeats=collapse_repeats)
    order = case_window(table)
    following = table.mutate(
        target=table.node.lead().over(order),
        next_ts=table.ts.lead().over(order),
        first=table.node.lag().over(order).isnull(),
    )
    # Each event yields its outgoing edge, and the first event of a case also the edge from
    # `__start__`: two copies of the first rows from one pass over the window, rather than a
    # union of two reads of it (the window is the expensive part).
    copies = following.mutate(entry=ibis.array([False, True]).unnest())
    copies = copies.filter(~copies.entry | copies.first)
    null_seconds = ibis.null().cast("float64")
    seconds = copies.next_ts.delta(copies.ts, unit="millisecond") / 1000
    edges = copies.select(
        pid=copies.pid,
        source=copies.entry.ifelse(START, copies.node),
        target=copies.entry.ifelse(copies.node, copies.target.fill_null(END)),
        seconds=(copies.entry | copies.next_ts.isnull()).ifelse(null_seconds, seconds),
    )
    result = edges.group_by(["source", "target"]).aggregate(
        count=edges.count(),
        persons=edges.pid.nunique(),
        mean_seconds=edges.seconds.mean(),
        median_seconds=edges.seconds.median(),
        p90_seconds=edges.seconds.quantile(0.9),
    )
    return result.order_by([ibis.desc("count"), "source", "target"])
