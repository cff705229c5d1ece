"""Paths: what cases do step by step, as Sankey columns and as top variants.

A path is a case's sequence of nodes (see `sequences`), optionally from its first `start` node
and up to its first `end` node (cases without them are left out), cut after `max_steps` nodes.

- `paths(...)`: one row per column (`step` 1..max_steps) and node with the `cases` there. In each
  column the `top` most frequent nodes keep their name, the rest are `(other)`, and cases whose
  path already ended are `(drop-off)` (and stay so), so every column sums to the cases that
  entered.
- `sankey_links(...)`: the flows from column `step` to `step + 1` between those labels; the
  links out of every column sum to the cases that entered too.
- `variants(...)`: the `top` most frequent whole paths (`A → B → C`), the rest as `(other)`.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from journeymap.analytics.sequences import NodeKind, case_events

OTHER = "(other)"
DROP_OFF = "(drop-off)"
ARROW = " → "


def path_nodes(
    events: ir.Table,
    *,
    start: str | None = None,
    end: str | None = None,
    max_steps: int = 5,
    by: NodeKind = "event",
    session_gap: str | dt.timedelta | None = None,
    collapse_repeats: bool = False,
) -> ir.Table:
    """Columns `pid`, `session`, `step` (1-based), `node`: the cut paths in long form."""
    if max_steps < 1:
        raise ValueError("max_steps must be at least 1")
    table = case_events(events, by=by, session_gap=session_gap, collapse_repeats=collapse_repeats)
    whole_case = ibis.window(group_by=["pid", "session"])
    if start is not None:
        first = ibis.cases((table.node == start, table.idx)).min().over(whole_case)
        table = table.mutate(_first=first)
        table = table.filter(table._first.notnull() & (table.idx >= table._first))
        table = table.mutate(idx=table.idx - table._first + 1).drop("_first")
    if end is not None:
        last = ibis.cases((table.node == end, table.idx)).min().over(whole_case)
        table = table.mutate(_last=last)
        table = table.filter(table._last.notnull() & (table.idx <= table._last)).drop("_last")
    table = table.filter(table.idx <= max_steps)
    return table.select("pid", "session", step=table.idx, node=table.node)


def _labelled_grid(nodes: ir.Table, max_steps: int, top: int) -> ir.Table:
    """Every case at every column, labelled with its node, `(other)` or `(drop-off)`."""
    cases = nodes.select("pid", "session").distinct()
    # from Arrow: a dict would go through pandas type inference
    columns = ibis.memtable(pa.table({"step": pa.array(range(1, max_steps + 1), pa.int64())}))
    grid = cases.cross_join(columns)
    found = nodes.rename(n_pid="pid", n_session="session", n_step="step")
    grid = grid.left_join(
        found,
        [grid.pid == found.n_pid, grid.session == found.n_session, grid.step == found.n_step],
    ).select("pid", "session", "step", "node")
    grid = grid.mutate(node=grid.node.fill_null(DROP_OFF))
    present = grid.filter(grid.node != DROP_OFF)
    counts = present.group_by(["step", "node"]).aggregate(n=present.count())
    ranking = ibis.window(group_by="step", order_by=[ibis.desc("n"), "node"])
    counts = counts.mutate(rank=ibis.row_number().over(ranking))
    keep = counts.filter(counts["rank"] < top).select(k_step="step", k_node="node")
    labelled = grid.left_join(keep, [grid.step == keep.k_step, grid.node == keep.k_node])
    label = ibis.cases(
        (labelled.node == DROP_OFF, DROP_OFF),
        (labelled.k_node.notnull(), labelled.node),
        else_=OTHER,
    )
    return labelled.select("pid", "session", "step", label=label)


def paths(
    events: ir.Table,
    *,
    start: str | None = None,
    end: str | None = None,
    max_steps: int = 5,
    top: int = 10,
    by: NodeKind = "event",
    session_gap: str | dt.timedelta | None = None,
    collapse_repeats: bool = False,
) -> ir.Table:
    """Sankey columns: `step`, `node`, `cases`, `persons`."""
    nodes = path_nodes(
        events,
        start=start,
        end=end,
        max_steps=max_steps,
        by=by,
        session_gap=session_gap,
        collapse_repeats=collapse_repeats,
    )
    grid = _labelled_grid(nodes, max_steps, top)
    result = grid.group_by(["step", grid.label.name("node")]).aggregate(
        cases=grid.count(), persons=grid.pid.nunique()
    )
    return result.order_by(["step", ibis.desc("cases"), "node"])


def sankey_links(
    events: ir.Table,
    *,
    start: str | None = None,
    end: str | None = None,
    max_steps: int = 5,
    top: int = 10,
    by: NodeKind = "event",
    session_gap: str | dt.timedelta | None = None,
    collapse_repeats: bool = False,
) -> ir.Table:
    """Flows between columns: `step` (of the source), `source`, `target`, `cases`."""
    nodes = path_nodes(
        events,
        start=start,
        end=end,
        max_steps=max_steps,
        by=by,
        session_gap=session_gap,
        collapse_repeats=collapse_repeats,
    )
    grid = _labelled_grid(nodes, max_steps, top)
    following = grid.rename(t_pid="pid", t_session="session", t_step="step", target="label")
    links = grid.join(
        following,
        [
            grid.pid == following.t_pid,
            grid.session == following.t_session,
            grid.step + 1 == following.t_step,
        ],
    )
    result = links.group_by(["step", links.label.name("source"), "target"]).aggregate(
        cases=links.count()
    )
    return result.order_by(["step", ibis.desc("cases"), "source", "target"])


def variants(
    events: ir.Table,
    *,
    start: str | None = None,
    end: str | None = None,
    max_steps: int = 5,
    top: int = 10,
    by: NodeKind = "event",
    session_gap: str | dt.timedelta | None = None,
    collapse_repeats: bool = False,
) -> ir.Table:
    """The `top` most frequent paths: `variant`, `length`, `cases`, `persons`, `share`; the
    rest summed as `(other)` (length NULL)."""
    nodes = path_nodes(
        events,
        start=start,
        end=end,
        max_steps=max_steps,
        by=by,
        session_gap=session_gap,
        collapse_repeats=collapse_repeats,
    )
    null_string = ibis.null().cast("string")
    wide = nodes.group_by(["pid", "session"]).aggregate(
        length=nodes.step.max(),
        **{
            f"n{i}": ibis.cases((nodes.step == i, nodes.node), else_=null_string).max()
            for i in range(1, max_steps + 1)
        },
    )
    variant: ir.StringValue = wide.n1
    for i in range(2, max_steps + 1):
        variant = ibis.cases(
            (wide[f"n{i}"].notnull(), variant + ARROW + wide[f"n{i}"]), else_=variant
        )
    per_case = wide.select("pid", "length", variant=variant)
    counted = per_case.group_by(["variant", "length"]).aggregate(
        cases=per_case.count(), persons=per_case.pid.nunique()
    )
    ranking = ibis.window(order_by=[ibis.desc("cases"), "variant"])
    counted = counted.mutate(rank=ibis.row_number().over(ranking))
    head = counted.filter(counted["rank"] < top).drop("rank")
    rest = counted.filter(counted["rank"] >= top)
    other = rest.aggregate(
        variant=ibis.literal(OTHER),
        length=ibis.null().cast("int64"),
        cases=rest.cases.sum(),
        persons=ibis.null().cast("int64"),
    )
    other = other.filter(other.cases.notnull())
    combined = head.union(other.select("variant", "length", "cases", "persons"))
    total = combined.cases.sum().over(ibis.window())
    combined = combined.mutate(share=combined.cases / total)
    return combined.order_by([combined.variant == OTHER, ibis.desc("cases"), "variant"])
