"""A synthetic catalog with a long tail of popularity; customers lean to one category."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from journeymap.model.simulation import ProductSettings
from journeymap.simulate.plan import Z90

Array = np.ndarray[Any, Any]
PREFERRED_SHARE = 0.7
"""Share of a customer's product events in her preferred category."""
ZIPF_EXPONENT = 1.1


@dataclass(frozen=True)
class Catalog:
    ids: list[str]
    category_names: list[str]
    category: Array
    price: Array
    cumulative: Array
    """Cumulative popularity over the whole catalog."""
    by_category: list[tuple[Array, Array]]
    """Per category: product indexes and their cumulative popularity."""

    def draw(self, preferred: Array, rng: np.random.Generator) -> Array:
        """A product index per row, given each row's preferred category."""
        chosen = np.searchsorted(self.cumulative, rng.random(preferred.size), side="right")
        lean = rng.random(preferred.size) < PREFERRED_SHARE
        for index, (members, cumulative) in enumerate(self.by_category):
            rows = np.flatnonzero(lean & (preferred == index))
            if rows.size and members.size:
                picks = np.searchsorted(cumulative, rng.random(rows.size), side="right")
                chosen[rows] = members[np.minimum(picks, members.size - 1)]
        return np.minimum(chosen, len(self.ids) - 1)


def make_catalog(settings: ProductSettings, rng: np.random.Generator) -> Catalog:
    count = settings.count
    names = list(settings.categories)
    weights = np.array(list(settings.categories.values()), dtype=float)
    category = rng.choice(len(names), size=count, p=weights / weights.sum())
    category[: min(count, len(names))] = np.arange(min(count, len(names)))  # none left empty
    popularity = 1.0 / (rng.permutation(count) + 1.0) ** ZIPF_EXPONENT
    sigma = np.log(settings.price.p90 / settings.price.median) / Z90
    price = np.round(settings.price.median * np.exp(sigma * rng.standard_normal(count)), 2)
    width = len(str(count))
    by_category = []
    for index in range(len(names)):
        members = np.flatnonzero(category == index)
        share = popularity[members]
        by_category.append((members, np.cumsum(share) / share.sum() if members.size else share))
    return Catalog(
        ids=[f"sku-{n + 1:0{width}d}" for n in range(count)],
        category_names=names,
        category=category,
        price=np.maximum(price, 0.01),
        cumulative=np.cumsum(popularity) / popularity.sum(),
        by_category=by_category,
    )
