"""The report's repeat-purchase section, and the KPIs that state the same fact.

The section is `repeat_purchase` over the first purchase event name found in the data
(`PURCHASE_EVENTS`, Segment's first). A KPI `repeat_rate(X)` whose X is exactly that event (by
name, or a touchpoint whose only binding is that event name) measures the same fact; both use
the one rule of `analytics.repeat_counts` with the report's `repeat_by`, so they show one
number, and the section names those KPIs instead of looking like a second measurement.
"""

from __future__ import annotations

from typing import Any

import ibis.expr.types as ir

from journeymap.analytics.kpi import KPIResult
from journeymap.analytics.kpi_expr import KPIExpressionError, parse_measure
from journeymap.analytics.repeat_counts import RepeatBy
from journeymap.analytics.retention import repeat_purchase
from journeymap.analytics.steps import available_names
from journeymap.model import JourneyMap

PURCHASE_EVENTS = ("Order Completed", "Purchase", "purchase", "Order Placed")
"""Event names read as purchases for the repeat-purchase section (Segment's first)."""


def purchase_event(bound: ir.Table) -> str | None:
    """The first of `PURCHASE_EVENTS` present in the data, None when none is."""
    names = set(available_names(bound, "event"))
    return next((name for name in PURCHASE_EVENTS if name in names), None)


def repeat_section(
    bound: ir.Table,
    journey: JourneyMap,
    kpis: list[KPIResult],
    event: str,
    repeat_by: RepeatBy,
) -> dict[str, Any]:
    """`repeat_purchase(...).as_dict()` with `event` and `kpis` (ids of the KPIs measuring it)."""
    result = repeat_purchase(bound, event, by=repeat_by)
    same = [k.kpi for k in kpis if k.status != "error" and _measures_repeat_of(k, journey, event)]
    return {"event": event, **result.as_dict(), "kpis": same}


def _measures_repeat_of(kpi: KPIResult, journey: JourneyMap, event: str) -> bool:
    if not kpi.measure:
        return False
    try:
        measure = parse_measure(kpi.measure, journey, kpi.kpi)
    except KPIExpressionError:
        return False
    if measure.function != "repeat_rate":
        return False
    step = measure.operands[0]
    if step.kind == "event":
        return step.value == event
    if step.kind != "touchpoint":
        return False
    touchpoint = next(tp for tp in journey.touchpoints if tp.id == step.value)
    plain = [b.model_dump(exclude_defaults=True, by_alias=True) for b in touchpoint.bindings]
    return bool(plain) and all(b == {"event": event} for b in plain)
