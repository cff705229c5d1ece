"""Interests: item and category affinity with exponential time decay.

Every event that names an item (`properties.product_id`, `item_id` or `sku`) and has a weight
(`ProfileSettings.interest_weights`: view or e-mail click 1, review, share or wishlist 2, cart
add 3, purchase 5) adds `weight * 0.5 ** (age_days / half_life_days)`, where `age_days` is the
time from the event to the run's as-of time (30 days of half life by default). An item's score
is the sum over the person's events; a category's score is the sum over its items, the category
being `properties.category` of the event or else the catalog's category of the item. The top
items and categories per person are kept, ties broken by id.
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.types as ir

from journeymap.analytics.clock import epoch_seconds
from journeymap.analytics.jsonpath import json_text
from journeymap.analytics.segmentation import person_column
from journeymap.personalize.profile_settings import ProfileSettings

SECONDS_PER_DAY = 86_400.0


def item_id(events: ir.Table, keys: tuple[str, ...]) -> ir.StringValue:
    """The item an event names: the first of `keys` set in `properties`, or NULL."""
    first, *rest = (json_text(events.properties, key) for key in keys)
    found: ir.StringValue = first.coalesce(*rest) if rest else first
    return found


def interest_signals(
    events: ir.Table,
    settings: ProfileSettings,
    as_of_seconds: float,
    categories: Mapping[str, str] | None = None,
) -> ir.Table:
    """One row per weighted item event: `person`, `item`, `category`, `score` (decayed)."""
    weighted = events.filter(events.event.isin(list(settings.interest_weights)))
    weight = weighted.event.cases(*settings.interest_weights.items(), else_=0.0)
    age_days = (ibis.literal(as_of_seconds) - epoch_seconds(weighted.timestamp)) / SECONDS_PER_DAY
    decay = ibis.literal(0.5) ** (age_days / settings.half_life_days)
    signals = weighted.select(
        person=person_column(weighted),
        item=item_id(weighted, settings.item_keys),
        category=json_text(weighted.properties, settings.category_key),
        score=weight.cast("float64") * decay,
    ).filter(lambda t: t.item.notnull())
    if not categories:
        return signals
    known = ibis.memtable(
        {"catalog_item": list(categories), "catalog_category": list(categories.values())},
        schema={"catalog_item": "string", "catalog_category": "string"},
    )
    joined = signals.left_join(known, signals.item == known.catalog_item)
    return joined.select(
        "person",
        "item",
        category=joined.category.coalesce(joined.catalog_category),
        score=joined.score,
    )


def top_interests(signals: ir.Table, key: str, n: int) -> ir.Table:
    """The `n` best `key` values (item or category) per person: `person`, `key`, `score`,
    `rank` (0-based)."""
    valued = signals.filter(signals[key].notnull())
    # rounded before ranking, so engines that sum in another order rank alike
    sums = valued.group_by(["person", key]).aggregate(score=valued.score.sum().round(9))
    window = ibis.window(group_by=sums.person, order_by=[ibis.desc(sums.score), sums[key]])
    ranked = sums.mutate(rank=ibis.row_number().over(window))
    return ranked.filter(ranked["rank"] < n).select(
        "person", key=ranked[key], score=ranked.score, rank=ranked["rank"]
    )
