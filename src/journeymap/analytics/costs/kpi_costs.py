"""The cost functions of the KPI language: `romi(C)`, `cac(C)`, `cpa(C)`, `drr(C)`.

Each is a figure of `roi` (the channel economics of `analyze roi`) for channel C, campaign C
(`campaign:NAME`) or all channels (`all`), over the days the costs cover, under the attribution
model of `CostSettings` (linear by default):

| function | value |
|---|---|
| `romi` | (revenue - spend) / spend: a share, `unit: %` shows it times 100 |
| `cac` | spend / credited new customers (each person's first order) |
| `cpa` | spend / credited orders (CPO) |
| `drr` | ДРР, spend / revenue: a share, `unit: %` shows it times 100 |

Persons behind the value are the persons the channel reached. Without costs in the store the
value is missing with a message saying how to import them, never 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import ibis

from journeymap.analytics.costs.currency import Rates
from journeymap.analytics.costs.result import RoiResult, RoiRow
from journeymap.analytics.kpi_expr import ChannelOperand, Measure
from journeymap.i18n import gettext as _

ORDER_EVENTS = ("Order Completed", "Purchase", "purchase", "Order Placed")
"""Conversion events tried in this order when the settings name none (Segment's first)."""


class CostMeasureError(ValueError):
    """A cost KPI that has no value: no costs, an unknown channel, mixed currencies."""


@dataclass
class CostSettings:
    """Where cost KPIs read spend, and how orders are credited (as `analyze roi` options)."""

    costs: ibis.Table | None
    """The store's `costs` table (None: the store has none)."""
    model: str = "linear"
    conversion: str | None = None
    """The order event; None: the first of `ORDER_EVENTS` the events have."""
    revenue_property: str = "revenue"
    lookback: dt.timedelta | None = dt.timedelta(days=30)
    rates: Rates | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    """[start, end) of the figures; None: the days the costs cover."""
    _results: dict[str, RoiResult] = field(default_factory=dict, repr=False)

    def result(self, events: ibis.Table, by: str) -> RoiResult:
        """`roi` of `events` grouped `by` channel or campaign, computed once per grouping."""
        if by not in self._results:
            from journeymap.analytics.costs.roi import roi

            if not self.has_costs():
                raise CostMeasureError(
                    _("no ad costs in the store: import them with `journeymap costs import FILE`")
                )
            self._results[by] = roi(
                events,
                self.costs,
                conversion=self.conversion or order_event(events),
                model=self.model,
                by=by,
                revenue_property=self.revenue_property,
                lookback=self.lookback,
                rates=self.rates,
                start=self.start,
                end=self.end,
            )
        return self._results[by]

    def has_costs(self) -> bool:
        return self.costs is not None and not _empty(self.costs)


def order_event(events: ibis.Table) -> str:
    """The first of `ORDER_EVENTS` among the events' names (the first one when none is)."""
    from journeymap.analytics.steps import available_names

    names = set(available_names(events, "event"))
    return next((name for name in ORDER_EVENTS if name in names), ORDER_EVENTS[0])


def cost_measure_value(
    events: ibis.Table, measure: Measure, settings: CostSettings | None
) -> tuple[float | None, int]:
    """(value, persons reached) of a cost measure; CostMeasureError when it has none."""
    if measure.channel is None:
        raise ValueError(_("{function} is not a cost measure", function=measure.function))
    if settings is None:
        settings = CostSettings(costs=None)
    result = settings.result(events, measure.channel.by)
    row = _row(result, measure.channel)
    value = {
        "romi": row.romi,
        "cac": row.cac,
        "cpa": row.cpo,
        "drr": row.spend / row.revenue if row.revenue else None,
    }[measure.function]
    return value, row.reached


def _row(result: RoiResult, operand: ChannelOperand) -> RoiRow:
    if operand.label is None:
        return result.total
    try:
        return result.row(operand.label)
    except KeyError:
        known = ", ".join(r.label for r in result.rows if r.spend) or "none"
        raise CostMeasureError(
            _(
                "no costs or touches for {by} {label!r} in {start} – {end}; {by}s with costs: "
                "{known}",
                by=operand.by,
                label=operand.label,
                start=result.start,
                end=result.end,
                known=known,
            )
        ) from None


def _empty(costs: ibis.Table) -> bool:
    found: Any = costs.limit(1).count().to_pyarrow().as_py()
    return int(found) == 0
