"""Cohort retention and repeat purchase.

Retention: a person's cohort is the period (day, ISO week starting Monday, or calendar month, in
UTC) of her first `start_event`. Offset 0 is the whole cohort (share 1.0); offset k >= 1 counts
the persons with at least one `return_event` strictly after their first start event, in the k-th
period after the cohort's period. Cells nobody returned in are absent from the table (read them
as 0); `retention_matrix` turns the table into a triangle with those zeros filled, and leaves
the periods after the data ends empty (None), as no one could have returned in them yet.

Repeat purchase: a customer is a person with at least one `purchase_event`; the repeat-purchase
rate is the share of customers with two or more purchases, a purchase being an order (default)
or a distinct UTC purchase day (`by="days"`; see `repeat_counts` for which to choose and why).
Inter-purchase times are the gaps between
consecutive purchases of the same person (ties give a gap of 0), summarized by median and 90th
percentile (linear interpolation, as `numpy.quantile`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

import ibis

from journeymap.analytics.clock import epoch_micros, micros_of, seconds
from journeymap.analytics.event_order import source_order
from journeymap.analytics.repeat_counts import DEFAULT_REPEAT_BY, RepeatBy, purchase_occasions
from journeymap.i18n import gettext as _

Period = Literal["day", "week", "month"]
PERIODS: tuple[Period, ...] = ("day", "week", "month")
_UNIT = {"day": "D", "week": "W", "month": "M"}
_SECONDS = {"day": 86400, "week": 7 * 86400}


def _person(events: ibis.Table) -> Any:
    return events.person_id.coalesce(events.user_id, events.anonymous_id)


def _offset(cohort: Any, period_start: Any, period: Period) -> Any:
    if period == "month":
        months = (period_start.year() - cohort.year()) * 12 + period_start.month() - cohort.month()
        return months.cast("int64")
    micros = epoch_micros(period_start) - epoch_micros(cohort)
    return (micros / micros_of(_SECONDS[period])).round().cast("int64")


def retention(
    events: ibis.Table, start_event: str, return_event: str, period: Period = "week"
) -> ibis.Table:
    """Cohort triangle: `cohort`, `offset`, `cohort_persons`, `persons`, `share`."""
    if period not in PERIODS:
        raise ValueError(
            _(
                "period must be one of {periods}, got {period!r}",
                periods=", ".join(PERIODS),
                period=period,
            )
        )
    unit = _UNIT[period]
    starts = events.filter(events.event == start_event)
    first = starts.group_by(person=_person(starts)).aggregate(first_at=starts.timestamp.min())
    first = first.mutate(cohort=first.first_at.truncate(unit))
    sizes = first.group_by("cohort").aggregate(cohort_persons=first.person.nunique())
    returns = events.filter(events.event == return_event)
    returns = returns.select(person=_person(returns), at=returns.timestamp)
    joined = returns.join(first, "person").filter(lambda t: t.at > t.first_at)
    joined = joined.mutate(offset=_offset(joined.cohort, joined.at.truncate(unit), period))
    later = (
        joined.filter(joined.offset >= 1)
        .group_by(["cohort", "offset"])
        .aggregate(persons=joined.person.nunique())
    )
    later = later.join(sizes, "cohort")
    zero = sizes.mutate(offset=ibis.literal(0, "int64"), persons=sizes.cohort_persons)
    cells = zero.select("cohort", "offset", "cohort_persons", "persons").union(
        later.select("cohort", "offset", "cohort_persons", "persons")
    )
    return cells.mutate(
        cohort=cells.cohort.cast("date"),
        persons=cells.persons.cast("int64"),
        cohort_persons=cells.cohort_persons.cast("int64"),
        share=cells.persons.cast("float64") / cells.cohort_persons.cast("float64"),
    ).order_by(["cohort", "offset"])


def retention_matrix(
    cells: list[dict[str, Any]], period: Period = "week", through: dt.date | None = None
) -> dict[str, list[float | None]]:
    """Cohort (ISO date) -> shares by offset 0..max. Missing cells are 0 while their period has
    begun by `through` (the last day of data, see `data_through`) and None after it: nobody
    could have come back in a period the data does not reach, which is not 0%. Without
    `through` every missing cell is 0."""
    horizon = max((int(c["offset"]) for c in cells), default=0)
    cohorts = sorted({str(c["cohort"]) for c in cells})
    matrix: dict[str, list[float | None]] = {}
    for cohort in cohorts:
        last = (
            horizon
            if through is None
            else _last_offset(dt.date.fromisoformat(cohort), through, period)
        )
        matrix[cohort] = [0.0 if offset <= last else None for offset in range(horizon + 1)]
    for cell in cells:
        matrix[str(cell["cohort"])][int(cell["offset"])] = float(cell["share"])
    return matrix


def data_through(events: ibis.Table) -> dt.date | None:
    """The last day (UTC) with an event, None for no events: where retention periods end."""
    last = events.aggregate(last=events.timestamp.max()).to_pyarrow().to_pylist()[0]["last"]
    return None if last is None else last.date()


def _last_offset(cohort: dt.date, through: dt.date, period: Period) -> int:
    """The last offset of `cohort` whose period has begun by `through`."""
    if period == "month":
        return (through.year - cohort.year) * 12 + through.month - cohort.month
    days = (through - cohort).days
    return days if period == "day" else days // 7


@dataclass(frozen=True)
class RepeatPurchase:
    customers: int
    repeat_customers: int
    repeat_rate: float
    purchases: int
    median_seconds_between: float | None
    p90_seconds_between: float | None
    purchases_per_customer: dict[int, int]
    """Number of purchases -> number of customers with that many."""
    counted_by: RepeatBy = DEFAULT_REPEAT_BY
    """What one purchase is: `orders` (each event) or `days` (a person's purchase day)."""

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["purchases_per_customer"] = {str(k): v for k, v in self.purchases_per_customer.items()}
        return data


def _purchases(events: ibis.Table, purchase_event: str, by: RepeatBy) -> ibis.Table:
    purchases = events.filter(events.event == purchase_event)
    return purchase_occasions(
        purchases.select(
            person=_person(purchases),
            at=epoch_micros(purchases.timestamp),
            tie=source_order(purchases),
            timestamp=purchases.timestamp,
        ),
        by,
    )


def purchase_gaps(
    events: ibis.Table, purchase_event: str, *, by: RepeatBy = DEFAULT_REPEAT_BY
) -> ibis.Table:
    """One row per purchase after a person's first: `person`, `gap` (seconds since the last)."""
    purchases = _purchases(events, purchase_event, by)
    window = ibis.window(group_by=purchases.person, order_by=[purchases.at, purchases.tie])
    gaps = purchases.mutate(gap=seconds(purchases.at - purchases.at.lag(1).over(window)))
    return gaps.filter(gaps.gap.notnull()).select("person", "gap")


def repeat_purchase(
    events: ibis.Table, purchase_event: str, *, by: RepeatBy = DEFAULT_REPEAT_BY
) -> RepeatPurchase:
    """Repeat-purchase rate, inter-purchase time and the purchases-per-customer distribution,
    counting purchases `by` orders or distinct purchase days."""
    purchases = _purchases(events, purchase_event, by)
    gaps = purchase_gaps(events, purchase_event, by=by)
    gap_stats = (
        gaps.aggregate(median=gaps.gap.median(), p90=gaps.gap.quantile(0.9), n=gaps.count())
        .to_pyarrow()
        .to_pylist()[0]
    )
    per_person = purchases.group_by("person").aggregate(purchases=purchases.count())
    distribution = (
        per_person.group_by("purchases")
        .aggregate(customers=per_person.count())
        .order_by("purchases")
        .to_pyarrow()
        .to_pylist()
    )
    counts = {int(r["purchases"]): int(r["customers"]) for r in distribution}
    customers = sum(counts.values())
    repeaters = sum(n for k, n in counts.items() if k >= 2)
    has_gaps = int(gap_stats["n"] or 0) > 0
    return RepeatPurchase(
        customers=customers,
        repeat_customers=repeaters,
        repeat_rate=repeaters / customers if customers else 0.0,
        purchases=sum(k * n for k, n in counts.items()),
        median_seconds_between=float(gap_stats["median"]) if has_gaps else None,
        p90_seconds_between=float(gap_stats["p90"]) if has_gaps else None,
        purchases_per_customer=counts,
        counted_by=by,
    )
