"""Spend per channel or campaign in a period, matched to the UTM values events carry.

Matching rule (docs/roi.md): values are compared trimmed and lower-cased.
- by channel: a cost row's `channel` equals the events' `context.campaign.source`;
- by campaign: a cost row's campaign name equals the events' `context.campaign.name`, or, when
  no event carries the name, its campaign id does (links tagged `utm_campaign={campaign_id}`).
Cost rows that match no event are kept under their own label (spend without credit) and listed
as unmatched with their amount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import ibis

from journeymap.analytics.costs.currency import Rates
from journeymap.analytics.costs.result import UnmatchedCost


@dataclass(frozen=True)
class Spend:
    by_label: dict[str, float]
    unmatched: list[UnmatchedCost]
    currencies: list[str]


def normalize_label(value: ibis.Value) -> ibis.Value:
    """The form both sides are compared in: trimmed, lower-case, empty as NULL.

    A regular expression rather than `strip()`: Ibis compiles `strip()` on Spark to a TRIM whose
    character list Spark reads `\\v` in as the letter v (it cut the v of `vk`)."""
    return value.re_replace(r"^\s+|\s+$", "").lower().nullif("")


def period_costs(costs: ibis.Table, start: dt.date, end: dt.date) -> ibis.Table:
    return costs.filter((costs.day >= start) & (costs.day < end))


def spend_by_label(
    costs: ibis.Table,
    by: str,
    start: dt.date,
    end: dt.date,
    labels: Collection[str],
    *,
    rates: Rates | None = None,
) -> Spend:
    """Spend of each label over [start, end); `labels` are the UTM values events carry.
    With `rates`, amounts are converted into the rates' currency."""
    rows = period_costs(costs, start, end)
    grouped = rows.group_by(
        channel=normalize_label(rows.channel),
        campaign=rows.campaign,
        campaign_id=rows.campaign_id,
        currency=rows.currency,
    ).aggregate(spend=rows.cost.sum())
    found = grouped.to_pyarrow().to_pylist()
    by_label: dict[str, float] = {}
    unmatched: dict[tuple[str, str | None], float] = {}
    for row in found:
        channel = str(row["channel"] or "")
        name = str(row["campaign"] or "").strip().lower()
        ident = str(row["campaign_id"] or "").strip().lower()
        if by == "channel":
            label, matched = channel, channel in labels
        elif name in labels or not ident:
            label, matched = name, name in labels
        else:
            matched = ident in labels
            label = ident if matched else name
        spend = float(row["spend"] or 0.0)
        if rates is not None:
            spend *= rates.rate(str(row["currency"]) if row["currency"] else None)
        by_label[label] = by_label.get(label, 0.0) + spend
        if not matched:
            key = (channel, None if by == "channel" else str(row["campaign"]))
            unmatched[key] = unmatched.get(key, 0.0) + spend
    currencies = sorted({str(r["currency"]) for r in found if r["currency"]})
    return Spend(
        by_label,
        [UnmatchedCost(c, n, s) for (c, n), s in sorted(unmatched.items(), key=str)],
        currencies,
    )
