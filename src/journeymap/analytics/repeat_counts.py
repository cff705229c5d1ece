"""What counts as a repeat purchase: one rule shared by `repeat_purchase`, `purchase_gaps`,
`repeat_by_segment` and the KPI `repeat_rate`, so the report's repeat-purchase section and a
KPI over the same event can never show two numbers for one fact.

`RepeatBy` says what one purchase is:

- `orders` (the default): every purchase event is one purchase. A Segment `Order Completed`
  is one order, and the store drops duplicate deliveries by `message_id`, so this is the
  e-commerce "customers with more than one order" most readers expect.
- `days`: a person's purchases on one UTC day are one purchase (the first of the day). Purchase
  logs with one row per order line or per item (CDNOW-style logs, order-line CRM exports) or
  split orders would otherwise make a one-visit customer a repeat customer; counting distinct
  purchase days is also how CLV models count repeat transactions (`lifetimes`, BTYD).
"""

from __future__ import annotations

from typing import Literal

import ibis

from journeymap.i18n import gettext as _

RepeatBy = Literal["orders", "days"]
REPEAT_BY: tuple[RepeatBy, ...] = ("orders", "days")
DEFAULT_REPEAT_BY: RepeatBy = "orders"


def check_repeat_by(value: str) -> RepeatBy:
    """`value` as a `RepeatBy`; ValueError naming the choices otherwise."""
    for choice in REPEAT_BY:
        if value == choice:
            return choice
    raise ValueError(
        _(
            "repeat purchases count {options}, not {value!r}",
            options=" or ".join(REPEAT_BY),
            value=value,
        )
    )


def purchase_occasions(purchases: ibis.Table, by: RepeatBy = DEFAULT_REPEAT_BY) -> ibis.Table:
    """One row per purchase as `by` counts them: `person`, `at`, `tie` (the source order,
    `event_order.py`).

    `purchases` has those columns and `timestamp`; with `days` each person's day keeps its
    earliest `at` (and smallest `tie`: days never share a time, so it orders nothing).
    """
    check_repeat_by(by)
    if by == "orders":
        return purchases.select("person", "at", "tie")
    day = purchases.mutate(_day=purchases.timestamp.date())
    return (
        day.group_by(["person", "_day"]).aggregate(at=day.at.min(), tie=day.tie.min()).drop("_day")
    )


def repeat_counts(occasions: ibis.Table) -> tuple[int, int]:
    """(repeat customers: persons with two purchases or more, customers: persons with one)."""
    per_person = occasions.group_by("person").aggregate(n=occasions.count())
    row = (
        per_person.aggregate(
            customers=per_person.count(), repeaters=(per_person.n >= 2).cast("int64").sum()
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    return int(row["repeaters"] or 0), int(row["customers"] or 0)
