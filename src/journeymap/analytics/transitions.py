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

from journeymap.analytics.sequences import END, START, NodeKind, case_events


def transitions(
    events: ir.Table,
    *,
    by: NodeKind = "event",
    session_gap: str | dt.timedelta | None = "30m",
    collapse_repeats: bool = False,
) -> ir.Table:
    """Edges of the directly-follows graph over cases (persons, or sessions of `session_gap`)."""
    table = case_events(events, by=by, session_gap=session_gap, collapse_repeats=collapse_repeats)
    case_order = ibis.window(group_by=["pid", "session"], order_by=["idx"])
    following = table.mutate(
        target=table.node.lead().over(case_order), next_ts=table.ts.lead().over(case_order)
    )
    null_seconds = ibis.null().cast("float64")
    inner = following.select(
        pid=following.pid,
        source=following.node,
        target=following.target.fill_null(END),
        seconds=ibis.cases(
            (
                following.next_ts.notnull(),
                following.next_ts.delta(following.ts, unit="millisecond") / 1000,
            ),
            else_=null_seconds,
        ),
    )
    firsts = table.filter(table.idx == 1)
    entries = firsts.select(
        pid=firsts.pid, source=ibis.literal(START), target=firsts.node, seconds=null_seconds
    )
    edges = inner.union(entries)
    result = edges.group_by(["source", "target"]).aggregate(
        count=edges.count(),
        persons=edges.pid.nunique(),
        mean_seconds=edges.seconds.mean(),
        median_seconds=edges.seconds.median(),
        p90_seconds=edges.seconds.quantile(0.9),
    )
    return result.order_by([ibis.desc("count"), "source", "target"])
