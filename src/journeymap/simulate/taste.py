"""Simulated customers choosing among the workspace's real catalog items, by taste.

With `simulate(..., items=[...])` product events name items of the workspace catalog instead
of synthetic `sku-NNN` ids, so recommenders and the report see ids the catalog knows. Each
customer's chance of picking an item is

    popularity (a Zipf-like long tail over the items)
    x CATEGORY_BOOST when the item is in the customer's preferred category
    x TRAIT_MATCH for every trait of the customer the item suits (region, level, ...)
    x TRAIT_MISMATCH for every trait the item names values for and the customer's is not one

so tastes follow the region, level, age, goal or any other trait the map's `simulation:` block
draws for customers (and the traits of their segment): a gardener in Siberia mostly picks the
cold-hardy varieties the catalog says suit Siberia. Traits an item says nothing about (an empty
`region`) leave its chance unchanged. Customers with the same preferred category and trait
values share one distribution, so the cost grows with those groups, not with the customers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from journeymap.i18n import gettext as _
from journeymap.model.simulation import ProductSettings
from journeymap.simulate.plan import Plan
from journeymap.simulate.walk import Customers

Array = np.ndarray[Any, Any]
CATEGORY_BOOST = 5.0
"""How much more a customer picks items of her preferred category."""
TRAIT_MATCH = 4.0
"""Factor for each trait of the customer the item suits."""
TRAIT_MISMATCH = 0.2
"""Factor for each trait the item names values for that do not include the customer's."""
ZIPF_EXPONENT = 0.8
"""Gentler than the synthetic catalog's: a real catalog is small and each item is there for a
reason."""
NO_CATEGORY = "other"


@dataclass(frozen=True)
class SimulatedItem:
    """One catalog item simulated customers may view, add to the cart and buy."""

    id: str
    category: str | None = None
    price: float | None = None
    suits: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Trait name -> the values the item suits (`region: [siberia, urals]`); a trait not
    named (or named with no values) suits everyone."""


@dataclass(frozen=True)
class TasteCatalog:
    """Catalog items and, per taste group of customers, the cumulative chance of each item."""

    ids: list[str]
    category_names: list[str]
    category: Array
    price: Array
    group_of_customer: Array
    cumulative: Array
    """Taste groups x items."""
    preferred: Array
    """Each customer's preferred category (index into `category_names`)."""

    def draw_for(self, customer: Array, rng: np.random.Generator) -> Array:
        """An item index per row, for the customer of each row."""
        groups = self.group_of_customer[customer]
        chosen = np.zeros(customer.size, dtype=np.int64)
        draws = rng.random(customer.size)
        for group in np.unique(groups):
            rows = np.flatnonzero(groups == group)
            chosen[rows] = np.searchsorted(self.cumulative[group], draws[rows], side="right")
        return np.minimum(chosen, len(self.ids) - 1)


def taste_catalog(
    items: Sequence[SimulatedItem], plan: Plan, customers: Customers, rng: np.random.Generator
) -> TasteCatalog:
    """The items with every customer's taste group; `items` must not be empty."""
    if not items:
        raise ValueError(_("a taste catalog needs at least one item"))
    settings = plan.settings.products
    names = sorted({item.category or NO_CATEGORY for item in items})
    category = np.array([names.index(item.category or NO_CATEGORY) for item in items])
    preferred = rng.choice(len(names), size=customers.segment.size, p=_weights(names, settings))
    codes = [preferred]
    factors = []
    for trait, per_customer in _trait_values(plan, customers).items():
        if not any(item.suits.get(trait) for item in items):
            continue
        distinct, code = np.unique(per_customer, return_inverse=True)
        # factor[value code, item]; the value "" (no value) is neutral
        table = np.ones((distinct.size, len(items)))
        for column, item in enumerate(items):
            suited = {str(value) for value in item.suits.get(trait, ())}
            if suited:
                table[:, column] = [
                    1.0 if not v else TRAIT_MATCH if v in suited else TRAIT_MISMATCH
                    for v in distinct
                ]
        codes.append(code.reshape(-1))
        factors.append(table)
    keys, group_of_customer = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)
    popularity = 1.0 / (rng.permutation(len(items)) + 1.0) ** ZIPF_EXPONENT
    weights = np.tile(popularity, (keys.shape[0], 1))
    weights *= np.where(category[None, :] == keys[:, :1], CATEGORY_BOOST, 1.0)
    for position, table in enumerate(factors, start=1):
        weights *= table[keys[:, position]]
    cumulative = np.cumsum(weights, axis=1)
    median = settings.price.median
    return TasteCatalog(
        ids=[item.id for item in items],
        category_names=names,
        category=category,
        price=np.array([median if item.price is None else item.price for item in items]),
        group_of_customer=group_of_customer.reshape(-1),
        cumulative=cumulative / cumulative[:, -1:],
        preferred=preferred,
    )


def _weights(names: list[str], settings: ProductSettings) -> Array:
    """Category weights from `products.categories` where it names them; 1 for the others."""
    given = settings.categories
    weights: Array = np.array([float(given.get(name, 1.0)) for name in names])
    shares: Array = weights / weights.sum()
    return shares


def _trait_values(plan: Plan, customers: Customers) -> dict[str, Array]:
    """Per trait name, each customer's value ("" for none): drawn traits, then her segment's
    name (`segment`) and fixed traits."""
    count = customers.segment.size
    values: dict[str, Array] = {
        name: np.array([str(v) for v in choices])[customers.traits[name]]
        for name, choices in plan.settings.traits.items()
    }
    segments = plan.settings.segments
    for index, name in enumerate(plan.segment_names):
        fixed = segments[name].traits if name in segments else {}
        members = customers.segment == index
        for trait, value in {"segment": name, **fixed}.items():
            column = values.setdefault(trait, np.full(count, "", dtype=object))
            values[trait] = column = column.astype(object)
            column[members] = str(value)
    return {name: column.astype(str) for name, column in values.items()}
