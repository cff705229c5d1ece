"""Interactions: who touched which item, how strongly, and when.

Every recommender trains on one tidy frame with the columns `person`, `item`, `weight` and
`timestamp` (naive UTC); extra columns (`region`, `segment`, ...) are kept and read by the
recommenders that group by them. From a store, `read_interactions` builds it through Ibis (so
the same query runs on DuckDB and PySpark) from the events whose `properties` carry an item id.

Event weights (`EVENT_WEIGHTS`, Segment e-commerce names) say how much each kind of event tells
about interest; a purchase says more than a view:

| event | weight |
|---|---|
| Product Viewed, Product Clicked, Email Link Clicked | 1 |
| Product Reviewed, Product Shared | 2 |
| Product Added to Wishlist | 2 |
| Product Added (to cart) | 3 |
| Order Completed, Product Purchased | 5 |
| Product Removed | 0 (ignored) |
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    import ibis.expr.types as ir

COLUMNS: Final = ("person", "item", "weight", "timestamp")
EVENT_WEIGHTS: Final[dict[str, float]] = {
    "Product Viewed": 1.0,
    "Product Clicked": 1.0,
    "Email Link Clicked": 1.0,
    "Product Reviewed": 2.0,
    "Product Shared": 2.0,
    "Product Added to Wishlist": 2.0,
    "Product Added": 3.0,
    "Order Completed": 5.0,
    "Product Purchased": 5.0,
}
"""Weight of each event name; events not listed (or weighted 0) are not interactions."""
ITEM_KEYS: Final = ("product_id", "item_id", "sku")
"""Property keys that name the item, first present wins."""
SECONDS_PER_DAY: Final = 86_400.0


class InteractionsError(ValueError):
    """Interactions that cannot be used: a missing column, no rows, bad values."""


def validate(interactions: pd.DataFrame) -> pd.DataFrame:
    """The frame with `person` and `item` as text, `weight` as float, `timestamp` as datetime;
    rows with a missing person or item or a weight <= 0 are an error (never dropped silently)."""
    missing = [c for c in COLUMNS if c not in interactions.columns]
    if missing:
        raise InteractionsError(
            _(
                "interactions lack the column(s) {missing}; expected {columns} (and optional "
                "group columns)",
                missing=", ".join(missing),
                columns=", ".join(COLUMNS),
            )
        )
    if interactions.empty:
        raise InteractionsError(_("no interactions to learn from (is the store empty?)"))
    frame = interactions.copy()
    if frame["person"].isna().any() or frame["item"].isna().any():
        raise InteractionsError(_("interactions with an empty person or item"))
    frame["person"] = frame["person"].astype(str)
    frame["item"] = frame["item"].astype(str)
    frame["weight"] = pd.to_numeric(frame["weight"], errors="raise").astype("float64")
    if (frame["weight"] <= 0).any() or frame["weight"].isna().any():
        raise InteractionsError(_("interaction weights must be positive numbers"))
    frame["timestamp"] = pd.to_datetime(frame["timestamp"])
    return frame


def decayed(
    interactions: pd.DataFrame, half_life_days: float | None, *, per_person: bool = False
) -> pd.Series:
    """Weights halved every `half_life_days` before the newest interaction (of everyone, or of
    each person when `per_person`: recency within the person's own history). None: unchanged."""
    weights = interactions["weight"].astype("float64")
    if half_life_days is None:
        return weights
    if half_life_days <= 0:
        raise InteractionsError(_("half_life_days must be positive"))
    times = interactions["timestamp"]
    newest = times.groupby(interactions["person"]).transform("max") if per_person else times.max()
    age_days = (newest - times).dt.total_seconds() / SECONDS_PER_DAY
    factor = np.power(0.5, age_days.to_numpy() / half_life_days)
    return pd.Series(weights.to_numpy() * factor, index=weights.index, name="weight")


def interactions_table(
    events: ir.Table,
    *,
    weights: dict[str, float] | None = None,
    item_keys: tuple[str, ...] = ITEM_KEYS,
) -> ir.Table:
    """The lazy Ibis query: one row per weighted event that names an item (any engine)."""
    import ibis

    from journeymap.analytics.jsonpath import json_text

    chosen = {k: v for k, v in (weights or EVENT_WEIGHTS).items() if v > 0}
    item = ibis.coalesce(*(json_text(events.properties, key) for key in item_keys))
    weight = ibis.cases(*((events.event == name, value) for name, value in chosen.items()))
    person = ibis.coalesce(events.person_id, events.user_id, events.anonymous_id)
    rows = events.filter(events.event.isin(list(chosen)))
    rows = rows.mutate(person=person, item=item, weight=weight.cast("float64"))
    rows = rows.filter(rows.person.notnull() & rows.item.notnull() & (rows.item != ""))
    return rows.select("person", "item", "weight", "timestamp", "event")


def read_interactions(
    store: Any,
    *,
    weights: dict[str, float] | None = None,
    item_keys: tuple[str, ...] = ITEM_KEYS,
) -> pd.DataFrame:
    """Interactions of a `Store` (DuckDB or PySpark), sorted by person, timestamp, item."""
    from journeymap.store.arrow import to_arrow

    query = interactions_table(store.events(), weights=weights, item_keys=item_keys)
    frame: pd.DataFrame = to_arrow(query).to_pandas()
    return frame.sort_values(["person", "timestamp", "item"], kind="stable", ignore_index=True)


def read_ratings(path: str | Path, *, min_rating: float = 0.0) -> pd.DataFrame:
    """A MovieLens-style ratings CSV (`userId,movieId,rating,timestamp` in Unix seconds) as
    interactions: every rating >= `min_rating` is one interaction of weight 1 (the rating is
    kept in `rating`)."""
    source = Path(path)
    if not source.is_file():
        raise InteractionsError(_("{source}: no such ratings file", source=source))
    frame = pd.read_csv(source, dtype={"userId": str, "movieId": str})
    expected = {"userId", "movieId", "rating", "timestamp"}
    if not expected <= set(frame.columns):
        raise InteractionsError(
            _(
                "{source}: a ratings CSV needs the columns userId, movieId, rating, timestamp "
                "(found {columns})",
                source=source,
                columns=", ".join(map(str, frame.columns)),
            )
        )
    frame = frame[frame["rating"] >= min_rating]
    return pd.DataFrame(
        {
            "person": frame["userId"].to_numpy(),
            "item": frame["movieId"].to_numpy(),
            "weight": 1.0,
            "timestamp": pd.to_datetime(frame["timestamp"], unit="s"),
            "rating": frame["rating"].to_numpy(),
        }
    )
