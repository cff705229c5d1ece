"""Occurrence conditions of bindings: a person's N-th matching event, or a range of them.

A binding with `occurrence` (`2`, `">=2"`, ...) matches an event when its other conditions hold
and the event is, among the person's events meeting those conditions, the N-th (or in the range)
in the one event order: timestamp, then the order in the source file (`event_order.py`). The
count is a running sum over the person's events in that order, so it is a window pass, computed
only for bindings that ask for it, the same way on every engine.
"""

from __future__ import annotations

from collections.abc import Callable

import ibis
import ibis.expr.types as ir

from journeymap.analytics.event_order import source_order

_COMPARE: dict[str, Callable[[ir.IntegerValue, int], ir.BooleanValue]] = {
    "=": lambda count, n: count == n,
    ">=": lambda count, n: count >= n,
    ">": lambda count, n: count > n,
    "<=": lambda count, n: count <= n,
    "<": lambda count, n: count < n,
}


def person_of(events: ir.Table) -> ir.StringValue:
    """The id a person is counted by (as `segmentation.person_column`)."""
    # imported here: segmentation imports the binding module that imports this one
    from journeymap.analytics.segmentation import person_column

    person: ir.StringValue = person_column(events)
    return person


def occurrence_condition(
    events: ir.Table, matches: ir.BooleanValue, rule: tuple[str, int]
) -> ir.BooleanValue:
    """`matches`, narrowed to the events whose running count of matches per person (1 for her
    first match) satisfies `rule` (operator, number)."""
    hit = matches.fill_null(False)
    window = ibis.window(
        group_by=person_of(events),
        order_by=[events.timestamp, source_order(events)],
        rows=(None, 0),
    )
    count = hit.cast("int64").sum().over(window)
    operator, number = rule
    narrowed: ir.BooleanValue = hit & _COMPARE[operator](count, number)
    return narrowed
