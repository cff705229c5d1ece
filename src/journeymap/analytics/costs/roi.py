"""Channel economics: spend from the `costs` table against what an attribution model credits.

Events are labelled with their UTM value (`context.campaign.source` by channel,
`context.campaign.name` by campaign), trimmed and lower-cased; events without one are not
touches, so conversions without any tagged touch go to `(no touch)`. Over [start, end) the model
credits orders and revenue (the `conversion` event and its numeric `revenue_property`),
customers (each person's first conversion ever, when it falls in the period) and leads (the
`lead` event). Persons reached counts the distinct persons with a touch of the label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ibis

from journeymap.analytics.attribution.events import NO_TOUCH, touches_from_events
from journeymap.analytics.attribution.models import DEFAULT_HALF_LIFE, attribute
from journeymap.analytics.costs.currency import (
    Rates,
    converted_value,
    figures_currency,
    revenue_currencies,
)
from journeymap.analytics.costs.result import RoiResult, RoiRow
from journeymap.analytics.costs.spend import normalize_label, spend_by_label
from journeymap.analytics.jsonpath import json_number, json_text
from journeymap.analytics.option_names import ATTRIBUTION_MODELS, MODEL_ALIASES, ROI_GROUPINGS
from journeymap.i18n import gettext as _
from journeymap.store.arrow import to_arrow

LABEL = "roi_label"
VALUE = "roi_value"
UTM_PATHS = {"channel": "campaign.source", "campaign": "campaign.name"}


def canonical_model(name: str) -> str:
    """`first` -> `first_touch`; ValueError for a name no attribution model has."""
    model = MODEL_ALIASES.get(name, name)
    if model not in ATTRIBUTION_MODELS:
        known = ", ".join([*ATTRIBUTION_MODELS, *MODEL_ALIASES])
        raise ValueError(
            _("unknown attribution model {name!r}; known: {known}", name=name, known=known)
        )
    return model


def label_events(events: ibis.Table, by: str) -> ibis.Table:
    """Events with a `roi_label` column: their UTM value for `by`, normalized (NULL if none)."""
    if by not in ROI_GROUPINGS:
        raise ValueError(
            _(
                "--by must be one of {roi_groupings}, not {by!r}",
                roi_groupings=", ".join(ROI_GROUPINGS),
                by=by,
            )
        )
    return events.mutate(**{LABEL: normalize_label(json_text(events.context, UTM_PATHS[by]))})


def default_period(events: ibis.Table, costs: ibis.Table) -> tuple[dt.date, dt.date]:
    """The days the costs cover (else the events' days): [first day, last day + 1)."""
    row = to_arrow(costs.aggregate(lo=costs.day.min(), hi=costs.day.max())).to_pylist()[0]
    if row["lo"] is None:
        row = to_arrow(
            events.aggregate(lo=events.timestamp.min().date(), hi=events.timestamp.max().date())
        ).to_pylist()[0]
    if row["lo"] is None:
        today = dt.datetime.now(dt.UTC).date()
        return today, today + dt.timedelta(days=1)
    return row["lo"], row["hi"] + dt.timedelta(days=1)


def _in_period(events: ibis.Table, start: dt.date, end: dt.date) -> ibis.Table:
    lo = dt.datetime.combine(start, dt.time())
    hi = dt.datetime.combine(end, dt.time())
    return events.filter((events.timestamp >= lo) & (events.timestamp < hi))


def _first_conversions_only(events: ibis.Table, conversion: str) -> ibis.Table:
    """Events without the repeat conversions of each person (customers = first orders)."""
    person = events.person_id.coalesce(events.user_id, events.anonymous_id)
    conversions = events.filter(events.event == conversion).mutate(person=person)
    order = ibis.window(
        group_by=conversions.person, order_by=[conversions.timestamp, conversions.message_id]
    )
    repeats = conversions.mutate(rank=ibis.row_number().over(order)).filter(lambda t: t.rank > 0)
    return events.anti_join(repeats.select("message_id"), "message_id")


@dataclass(frozen=True)
class _Model:
    name: str
    lookback: dt.timedelta | None
    half_life: float
    order: int

    def credits(
        self, events: ibis.Table, conversion: str, value: str | None
    ) -> dict[str, tuple[float, float]]:
        """Credited (conversions, value) per label; `value` is a column of `events`."""
        touches = touches_from_events(
            events,
            conversion,
            by=LABEL,
            lookback=self.lookback,
            value_property=None,
            value_column=value,
        )
        result = attribute(touches, self.name, half_life=self.half_life, order=self.order)
        return {c.label: (c.conversions, c.value) for c in result.credits}


def _reached(events: ibis.Table) -> dict[str, int]:
    touched = events.filter(
        events[LABEL].notnull() & ~events.type.isin(("identify", "alias", "group")).fill_null(False)
    )
    person = touched.person_id.coalesce(touched.user_id, touched.anonymous_id)
    counts = touched.mutate(person=person).group_by(LABEL).aggregate(n=lambda t: t.person.nunique())
    return {str(r[LABEL]): int(r["n"]) for r in to_arrow(counts).to_pylist()}


def roi(
    events: ibis.Table,
    costs: ibis.Table,
    *,
    conversion: str,
    model: str = "linear",
    by: str = "channel",
    revenue_property: str | None = "revenue",
    lead: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    lookback: dt.timedelta | None = dt.timedelta(days=30),
    half_life: float = DEFAULT_HALF_LIFE,
    order: int = 1,
    rates: Rates | None = None,
) -> RoiResult:
    """Spend, reach, leads, orders, customers, revenue, CAC, CPO, ROMI per channel or campaign.

    `end` is exclusive; without `start`/`end` the period is the days the costs cover. Costs and
    revenue in several currencies need `rates` (`currency.CurrencyError` otherwise).
    """
    chosen = canonical_model(model)
    labelled = label_events(events, by)
    if start is None or end is None:
        lo, hi = default_period(events, costs)
        start, end = start or lo, end or hi
    if end <= start:
        raise ValueError(_("the period is empty: from {start} to {end}", start=start, end=end))
    credit = _Model(chosen, lookback, half_life, order)
    in_period = _in_period(labelled, start, end)
    stated = revenue_currencies(in_period, conversion) if revenue_property else []
    if revenue_property:
        amount = json_number(labelled.properties, revenue_property).coalesce(0.0)
        labelled = labelled.mutate(**{VALUE: converted_value(labelled, amount, rates, stated)})
        in_period = _in_period(labelled, start, end)
    orders = credit.credits(in_period, conversion, VALUE if revenue_property else None)
    firsts = _in_period(_first_conversions_only(labelled, conversion), start, end)
    customers = credit.credits(firsts, conversion, None)
    leads = credit.credits(in_period, lead, None) if lead else None
    reached = _reached(in_period)
    seen = set(reached) | {k for k in orders if k != NO_TOUCH}
    spend = spend_by_label(costs, by, start, end, seen, rates=rates)
    currency = figures_currency(spend.currencies, stated, rates)
    labels = sorted(set(spend.by_label) | seen | set(orders) | set(customers))
    rows = [
        RoiRow(
            label=label,
            spend=spend.by_label.get(label, 0.0),
            reached=reached.get(label, 0),
            leads=leads.get(label, (0.0, 0.0))[0] if leads is not None else None,
            orders=orders.get(label, (0.0, 0.0))[0],
            customers=customers.get(label, (0.0, 0.0))[0],
            revenue=orders.get(label, (0.0, 0.0))[1],
            matched=label == NO_TOUCH or label in seen,
        )
        for label in labels
    ]
    total = RoiRow(
        label="total",
        spend=sum(r.spend for r in rows),
        reached=int(to_arrow(_persons(in_period)).column(0)[0].as_py() or 0),
        leads=sum(r.leads or 0.0 for r in rows) if leads is not None else None,
        orders=sum(r.orders for r in rows),
        customers=sum(r.customers for r in rows),
        revenue=sum(r.revenue for r in rows),
    )
    return RoiResult(
        chosen, by, start, end, conversion, lead, currency, rows, total, spend.unmatched
    )


def _persons(events: ibis.Table) -> ibis.Value:
    touched = events.filter(events[LABEL].notnull())
    return touched.person_id.coalesce(touched.user_id, touched.anonymous_id).nunique()
