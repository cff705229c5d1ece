"""Costs and revenue in one currency: conversion with the user's rates, never a silent mix.

A `Rates` says what one unit of each currency is worth in one target currency (the rates file
the user gives: `currency,rate,to`; no network). Figures are shown in a single currency:

- without rates, the costs' currencies and the orders' `currency` property must name one
  currency at most, else `CurrencyError` names them all;
- with rates, every amount is converted into the target currency, and a currency the rates do
  not cover is a `CurrencyError` naming it.

Orders without a `currency` property are taken to be in the costs' currency (most exports
write none); costs rows always have one (`costs import` sets RUB when the file says nothing).
"""

from __future__ import annotations

from collections.abc import Iterable

import ibis

from journeymap.analytics.jsonpath import json_text
from journeymap.events.currency_rates import CurrencyError, Rates, normalize_currency
from journeymap.i18n import gettext as _

__all__ = ["CurrencyError", "Rates", "figures_currency", "normalize_currency"]


def figures_currency(
    cost_currencies: Iterable[str], revenue_currencies: Iterable[str], rates: Rates | None
) -> str | None:
    """The one currency every figure is in, or CurrencyError (see the module)."""
    found = {normalize_currency(c) for c in [*cost_currencies, *revenue_currencies] if c}
    if rates is not None:
        rates.covers(found)
        return rates.target
    if len(found) > 1:
        names = ", ".join(sorted(found))
        raise CurrencyError(
            _(
                "costs and revenue are in several currencies ({names}) and no rates convert them; "
                "give a rates file (`--rates rates.csv`: currency,rate,to) or `[costs] rates` in "
                "journeymap.toml",
                names=names,
            ),
            found,
        )
    return next(iter(found), None)


def order_currency(events: ibis.Table) -> ibis.Value:
    """The orders' `properties.currency`, trimmed and upper-cased (NULL when absent)."""
    text = json_text(events.properties, "currency")
    return text.re_replace(r"^\s+|\s+$", "").upper().nullif("")


def revenue_currencies(events: ibis.Table, conversion: str) -> list[str]:
    """Distinct currencies the `conversion` events state, as written (upper-cased)."""
    orders = events.filter(events.event == conversion)
    found = orders.select(currency=order_currency(orders)).distinct()
    return sorted({str(r["currency"]) for r in _rows(found) if r["currency"]})


def converted_value(
    events: ibis.Table, value: ibis.Value, rates: Rates | None, currencies: Iterable[str]
) -> ibis.Value:
    """`value` of each event in the rates' target currency (unchanged without rates)."""
    if rates is None:
        return value
    code = order_currency(events)
    factor: ibis.Value = ibis.literal(1.0)
    for currency in sorted(set(currencies)):
        factor = (code == currency).ifelse(rates.rate(currency), factor)
    return value * factor.fill_null(1.0)


def _rows(table: ibis.Table) -> list[dict[str, object]]:
    from journeymap.store.arrow import to_arrow

    rows: list[dict[str, object]] = to_arrow(table).to_pylist()
    return rows
