"""What `analyze roi` returns: channel (or campaign) economics under one attribution model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


def _ratio(numerator: float, denominator: float | None) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class RoiRow:
    """One channel or campaign: its spend and what the model credits it with."""

    label: str
    spend: float
    reached: int  # persons with a touch of this label in the period
    leads: float | None  # credited lead events (None without --lead)
    orders: float  # credited conversions
    customers: float  # credited first conversions of persons
    revenue: float  # credited conversion value
    matched: bool = True  # False: cost rows no event's UTM value names

    @property
    def cpl(self) -> float | None:
        return _ratio(self.spend, self.leads) if self.spend else None

    @property
    def cac(self) -> float | None:
        return _ratio(self.spend, self.customers) if self.spend else None

    @property
    def cpo(self) -> float | None:
        return _ratio(self.spend, self.orders) if self.spend else None

    @property
    def romi(self) -> float | None:
        return _ratio(self.revenue - self.spend, self.spend)

    def payback_days(self, period_days: float) -> float | None:
        """Days of the period's average daily credited revenue that cover the spend."""
        if not self.spend:
            return None
        return _ratio(self.spend * period_days, self.revenue)

    def as_dict(self, period_days: float) -> dict[str, Any]:
        return {
            "label": self.label,
            "spend": self.spend,
            "reached": self.reached,
            "leads": self.leads,
            "orders": self.orders,
            "customers": self.customers,
            "revenue": self.revenue,
            "cpl": self.cpl,
            "cac": self.cac,
            "cpo": self.cpo,
            "romi": self.romi,
            "payback_days": self.payback_days(period_days),
            "matched": self.matched,
        }


@dataclass(frozen=True)
class UnmatchedCost:
    """Spend whose channel or campaign no event carries as a UTM value (kept, not dropped)."""

    channel: str
    campaign: str | None
    spend: float


@dataclass(frozen=True)
class RoiResult:
    """Rows per label plus a total; every figure holds for `model` over [start, end)."""

    model: str
    by: str
    start: dt.date
    end: dt.date  # exclusive
    conversion: str
    lead: str | None
    currency: str | None
    rows: list[RoiRow]
    total: RoiRow
    unmatched: list[UnmatchedCost] = field(default_factory=list)

    @property
    def period_days(self) -> float:
        return float((self.end - self.start).days)

    def row(self, label: str) -> RoiRow:
        for item in self.rows:
            if item.label == label:
                return item
        raise KeyError(label)

    def as_dict(self) -> dict[str, Any]:
        days = self.period_days
        return {
            "model": self.model,
            "by": self.by,
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "conversion": self.conversion,
            "lead": self.lead,
            "currency": self.currency,
            "rows": [r.as_dict(days) for r in self.rows],
            "total": self.total.as_dict(days),
            "unmatched_costs": [
                {"channel": u.channel, "campaign": u.campaign, "spend": u.spend}
                for u in self.unmatched
            ],
        }
