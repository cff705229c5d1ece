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

from journeymap.analytics import variant_lists
from journeymap.analytics.jsonpath import on_duckdb
from journeymap.analytics.sequences import (
    NodeKind,
    case_persons,
    case_window,
    coded_case_rows,
    decode,
)
from journeymap.analytics.variant_counts import VariantCounts, variant_counts
from journeymap.analytics.variant_lists import listed_variant_counts
from journeymap.i18n import gettext as _

OTHER = "(other)"
DROP_OFF = "(drop-off)"
ARROW = " → "
# labels as codes, beside the nodes' own codes (0, 1, ...), until the result is decoded
OTHER_CODE = -1
DROP_OFF_CODE = -2
LABELS = {OTHER_CODE: OTHER, DROP_OFF_CODE: DROP_OFF}


def path_nodes(
    events: ir.Table,
    *,
    start: str | None = None,
    end: str | None = None,
    max_steps: int = 5,
    by: NodeKind = "event",
    session_gap: str | dt.timedelta | None = None,
    collapse_repeats: bool = False,
) -> tuple[ir.Table, ir.Table]:
    """Columns `pid`, `session`, `step` (1-based), `node` (a code): the cut paths in long form,
    and the dictionary that decodes the nodes (`sequences.coded_case_rows`)."""
    if max_steps < 1:
        raise ValueError(_("max_steps must be at least 1"))
    table, names = coded_case_rows(
        events, by=by, session_gap=session_gap, collapse_repeats=collapse_repeats
    )
    table = table.mutate(idx=ibis.row_number().over(case_window(table)) + 1)
    case_keys = [key for key in ("pid", "session") if key in table.columns]
    whole_case = ibis.window(group_by=case_keys)
    if start is not None:
        first = ibis.cases((table.node == _code_of(names, start), table.idx)).min()
        table = table.mutate(_first=first.over(whole_case))
        table = table.filter(table._first.notnull() & (table.idx >= table._first))
        table = table.mutate(idx=table.idx - table._first + 1).drop("_first")
    if end is not None:
        last = ibis.cases((table.node == _code_of(names, end), table.idx)).min()
        table = table.mutate(_last=last.over(whole_case))
        table = table.filter(table._last.notnull() & (table.idx <= table._last)).drop("_last")
    table = table.filter(table.idx <= max_steps)
    session = table.session if "session" in table.columns else ibis.literal(0, "int64")
    return table.select("pid", session=session, step=table.idx, node=table.node), names


def _code_of(names: ir.Table, name: str) -> ir.IntegerValue:
    """The code of `name` (NULL when no case has it, which leaves every case out)."""
    code: ir.IntegerValue = names.filter(names.name == name).code.max().as_scalar()
    return code


def _labelled_grid(nodes: ir.Table, max_steps: int, top: int) -> ir.Table:
    """Every case at every column, labelled with its node's code, `OTHER_CODE` or
    `DROP_OFF_CODE`."""
    cases = nodes.select("pid", "session").distinct()
    # from Arrow: a dict would go through pandas type inference
    columns = ibis.memtable(pa.table({"step": pa.array(range(1, max_steps + 1), pa.int64())}))
    grid = cases.cross_join(columns)
    found = nodes.rename(n_pid="pid", n_session="session", n_step="step")
    grid = grid.left_join(
        found,
        [grid.pid == found.n_pid, grid.session == found.n_session, grid.step == found.n_step],
    ).select("pid", "session", "step", "node")
    grid = grid.mutate(node=grid.node.fill_null(DROP_OFF_CODE))
    present = grid.filter(grid.node != DROP_OFF_CODE)
    counts = present.group_by(["step", "node"]).aggregate(n=present.count())
    ranking = ibis.window(group_by="step", order_by=[ibis.desc("n"), "node"])
    counts = counts.mutate(rank=ibis.row_number().over(ranking))
    keep = counts.filter(counts["rank"] < top).select(k_step="step", k_node="node")
    labelled = grid.left_join(keep, [grid.step == keep.k_step, grid.node == keep.k_node])
    label = ibis.cases(
        (labelled.node == DROP_OFF_CODE, DROP_OFF_CODE),
        (labelled.k_node.notnull(), labelled.node),
        else_=OTHER_CODE,
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
    nodes, names = path_nodes(
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
        cases=grid.count(), persons=case_persons(grid, whole_persons=session_gap is None)
    )
    result = decode(result, names, "node", LABELS)
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
    nodes, names = path_nodes(
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
    result = decode(decode(result, names, "source", LABELS), names, "target", LABELS)
    return result.order_by(["step", ibis.desc("cases"), "source", "target"])


def _variant_counts(
    events: ir.Table,
    *,
    start: str | None,
    end: str | None,
    max_steps: int,
    by: NodeKind,
    session_gap: str | dt.timedelta | None,
    collapse_repeats: bool,
) -> tuple[VariantCounts, ir.Table]:
    """The cases counted by variant, and the dictionary of node codes: from one ordered list
    per case on DuckDB for whole paths (`variant_lists`), else from the numbered path nodes."""
    whole_persons = session_gap is None
    if start is None and end is None and variant_lists.ENABLED and on_duckdb(events):
        if max_steps < 1:
            raise ValueError(_("max_steps must be at least 1"))
        coded, names = coded_case_rows(
            events, by=by, session_gap=session_gap, collapse_repeats=collapse_repeats
        )
        return listed_variant_counts(coded, max_steps, whole_persons=whole_persons), names
    nodes, names = path_nodes(
        events,
        start=start,
        end=end,
        max_steps=max_steps,
        by=by,
        session_gap=session_gap,
        collapse_repeats=collapse_repeats,
    )
    return variant_counts(nodes, names, max_steps, whole_persons=whole_persons), names


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
    found, names = _variant_counts(
        events,
        start=start,
        end=end,
        max_steps=max_steps,
        by=by,
        session_gap=session_gap,
        collapse_repeats=collapse_repeats,
    )
    steps = [f"n{i}" for i in range(1, max_steps + 1)]
    # Rank in code order and spell out only the top variants. Codes follow the names' order, so
    # ties in cases are broken by the nodes' names step by step, a shorter path first; the same
    # on every engine.
    ranking = ibis.window(order_by=[ibis.desc(found.table.cases), *found.order])
    counted = found.table.mutate(rank=ibis.row_number().over(ranking))
    head = found.with_steps(counted.filter(counted["rank"] < top))
    # one join per step in one chain (nested decodes would compile to ten nested queries)
    joined: ir.Table = head
    for i, step in enumerate(steps):
        lookup = names.select(**{f"_c{i}": names.code, f"_s{i}": names.name})
        joined = joined.left_join(lookup, head[step] == lookup[f"_c{i}"])
    # steps are filled from the first on, so a missing step adds nothing (an arrow before a
    # NULL is NULL); nesting a CASE per step instead doubled the SQL with every step
    variant: ir.StringValue = joined._s0
    for i in range(1, len(steps)):
        variant = variant + (ARROW + joined[f"_s{i}"]).fill_null("")
    head = joined.select(
        variant=variant, length=joined.length, cases=joined.cases, persons=joined.persons
    )
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
