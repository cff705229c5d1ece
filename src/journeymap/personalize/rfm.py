"""RFM: recency, frequency and monetary value of each person's purchases, with quintile scores.

Purchases are the events named in `ProfileSettings.purchase_events` (`Order Completed`). Per
purchaser: `recency_days` from her last purchase to the as-of time, `frequency` (purchases) and
`monetary` (sum of the first of `revenue`, `total`, `value`, `price` set in `properties`; a
purchase without one adds 0).

Scores rank purchasers against each other: with `rank` the number of purchasers with a strictly
worse value (fewer purchases, less money, a longer time since the last purchase) and `n` the
purchasers, the score is `1 + floor(5 * rank / n)`, 1 to 5. Ties get the same score, so a
quintile may hold more or fewer than a fifth of purchasers (CDNOW: 51% bought once and share
F score 1). Persons without purchases have no scores.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.analytics.clock import epoch_seconds
from journeymap.analytics.jsonpath import json_number
from journeymap.analytics.segmentation import person_column
from journeymap.personalize.interests import SECONDS_PER_DAY
from journeymap.personalize.profile_settings import ProfileSettings

QUINTILES = 5


def purchase_values(events: ir.Table, settings: ProfileSettings) -> ir.FloatingValue:
    first, *rest = (json_number(events.properties, key) for key in settings.revenue_keys)
    value: ir.FloatingValue = first.coalesce(*rest) if rest else first
    return value.fill_null(0.0)


def rfm(events: ir.Table, settings: ProfileSettings, as_of_seconds: float) -> ir.Table:
    """One row per purchaser: `person`, `recency_days`, `frequency`, `monetary`, `r_score`,
    `f_score`, `m_score`."""
    purchases = events.filter(events.event.isin(list(settings.purchase_events)))
    rows = purchases.select(
        person=person_column(purchases),
        at=epoch_seconds(purchases.timestamp),
        value=purchase_values(purchases, settings),
    )
    totals = rows.group_by("person").aggregate(
        last_at=rows.at.max(),
        frequency=rows.count(),
        monetary=rows.value.sum().round(6),
    )
    values = totals.select(
        "person",
        "frequency",
        "monetary",
        recency_days=(ibis.literal(as_of_seconds) - totals.last_at) / SECONDS_PER_DAY,
    )
    everyone = ibis.window()
    n = values.count().over(everyone).cast("float64")

    def score(order: ir.Value) -> ir.IntegerValue:
        rank = ibis.rank().over(ibis.window(order_by=order)).cast("float64")
        result: ir.IntegerValue = (ibis.literal(float(QUINTILES)) * rank / n).floor().cast(
            "int64"
        ) + 1
        return result

    return values.mutate(
        r_score=score(ibis.desc(values.recency_days)),
        f_score=score(values.frequency),
        m_score=score(values.monetary),
    )
