"""Candidates per source, computed once when serving state is prepared.

Each source gives a person (or a group of persons) a list of `(item, score, Why)`, best first,
at most `limit` long. Model sources use the recommenders (item-kNN, co-visitation); catalog
sources read the content catalog (reviews, tutorials, reminders, new items).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd
import scipy.sparse as sp

from journeymap.personalize.catalog import Catalog
from journeymap.personalize.catalog_item import CatalogItem
from journeymap.personalize.strategies import why as kinds
from journeymap.personalize.strategies.facts import PURCHASE_EVENTS, PersonFacts
from journeymap.personalize.strategies.why import Why

if TYPE_CHECKING:
    from journeymap.personalize.recommenders.base import Recommender

Candidate = tuple[str, float, Why]
ModelSource = tuple[str, "Recommender", str]
"""A model source's name, its fitted recommender and the reason kind it gives."""
GROUPS: Final = ("region", "segment", "segment_region")
REVIEW_TYPES: Final = frozenset({"review", "case"})
GUIDE_TYPES: Final = frozenset({"tutorial", "article"})
REMINDER_TAGS: Final = frozenset({"reminder", "cart"})


def group_value(facts: PersonFacts, group: str) -> str | None:
    """The person's value of a popularity group (`segment_region` joins both with `|`)."""
    if group == "segment_region":
        both = facts.segment, facts.region
        return None if None in both else f"{facts.segment}|{facts.region}"
    value: str | None = getattr(facts, group)
    return value


def popular_lists(
    interactions: pd.DataFrame, facts: dict[str, PersonFacts], limit: int
) -> tuple[list[Candidate], dict[str, dict[str, list[Candidate]]]]:
    """The most popular items (distinct persons) of everyone, and of every group value."""
    pairs = interactions[["person", "item"]].drop_duplicates()
    everyone = _ranked(Counter(pairs["item"].astype(str)), limit, None, None)
    by_group: dict[str, dict[str, list[Candidate]]] = {}
    persons = pairs["person"].astype(str)
    for group in GROUPS:
        # one value per person, then one vectorised lookup per pair (persons without facts
        # have no value): a Python call per pair took seconds at a million events
        known = {person: group_value(one, group) for person, one in facts.items()}
        values = persons.map({person: v for person, v in known.items() if v is not None})
        lists: dict[str, list[Candidate]] = {}
        for value, rows in pairs[values.notna()].groupby(values[values.notna()]):
            lists[str(value)] = _ranked(Counter(rows["item"].astype(str)), limit, group, str(value))
        by_group[group] = lists
    return everyone, by_group


def _ranked(
    counts: Counter[str], limit: int, group: str | None, value: str | None
) -> list[Candidate]:
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    kind = kinds.POPULAR if group is None else kinds.POPULAR_IN_GROUP
    return [(item, float(n), Why(kind, group=group, value=value, count=n)) for item, n in top]


def fit_models(interactions: pd.DataFrame) -> list[ModelSource]:
    """The model sources, fitted once: `similar_viewed` (item-kNN) and `co_visited` (session
    co-visitation)."""
    from journeymap.personalize.recommenders import CoVisitationRecommender, ItemKNNRecommender

    frame = interactions[["person", "item", "weight", "timestamp"]]
    return [
        ("similar_viewed", ItemKNNRecommender(k=50).fit(frame), kinds.SIMILAR_TO_ITEM),
        ("co_visited", CoVisitationRecommender().fit(frame), kinds.CO_VISITED),
    ]


def model_lists(interactions: pd.DataFrame, limit: int) -> dict[str, dict[str, list[Candidate]]]:
    """`similar_viewed` and `co_visited` of every person: only items with evidence (a
    popularity fallback is the popular sources' job)."""
    persons = sorted(interactions["person"].astype(str).unique())
    return recommended_lists(fit_models(interactions), persons, limit)


def recommended_lists(
    models: list[ModelSource], persons: list[str], limit: int
) -> dict[str, dict[str, list[Candidate]]]:
    """Source -> person -> candidates of fitted models, for the given persons only."""
    found: dict[str, dict[str, list[Candidate]]] = {}
    for source, model, kind in models:
        table = model.recommend(persons, n=limit)
        table = table[table["reason"] == kind]
        lists: dict[str, list[Candidate]] = defaultdict(list)
        for person, item, score, reason_item in table[
            ["person", "item", "score", "reason_item"]
        ].itertuples(index=False):
            lists[str(person)].append((str(item), float(score), Why(kind, item=str(reason_item))))
        found[source] = dict(lists)
    return found


def bought_together(interactions: pd.DataFrame, limit: int) -> dict[str, list[Candidate]]:
    """`BoughtTogether` of every buyer."""
    together = BoughtTogether(interactions)
    return {person: together.of(person, limit) for person in together.persons}


class BoughtTogether:
    """Items bought by persons who bought what she bought; the reason names her purchase that
    shares the most buyers with it, and how many. Built once (a purchases matrix and its
    items x items product), then asked per person."""

    def __init__(self, interactions: pd.DataFrame) -> None:
        bought = pd.DataFrame(columns=["person", "item"])
        if "event" in interactions:
            rows = interactions[interactions["event"].isin(PURCHASE_EVENTS)][["person", "item"]]
            bought = rows.drop_duplicates().astype(str)
        self.persons = pd.Index(sorted(bought["person"].unique()))
        self.items = pd.Index(sorted(bought["item"].unique()))
        self.matrix = sp.csr_matrix(
            (
                np.ones(len(bought), np.float32),
                (
                    self.persons.get_indexer(bought["person"]),
                    self.items.get_indexer(bought["item"]),
                ),
            ),
            shape=(len(self.persons), len(self.items)),
        )
        self.together = (self.matrix.T @ self.matrix).toarray()  # persons who bought both
        np.fill_diagonal(self.together, 0)

    def of(self, person: str, limit: int) -> list[Candidate]:
        """Her candidates (none when she bought nothing)."""
        row = int(self.persons.get_indexer([person])[0])
        if row < 0:
            return []
        matrix, items = self.matrix, self.items
        mine = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]
        block = self.together[mine]  # her purchases x items
        scores = block.sum(axis=0)
        scores[mine] = 0
        best = np.flatnonzero(scores > 0)
        order = best[np.lexsort((best, -scores[best]))][:limit]
        return [
            (
                str(items[j]),
                float(scores[j]),
                Why(
                    kinds.BOUGHT_TOGETHER,
                    item=str(items[mine[int(np.argmax(block[:, j]))]]),
                    count=int(block[:, j].max()),
                ),
            )
            for j in order
        ]


def catalog_lists(facts: PersonFacts, catalog: Catalog, limit: int) -> dict[str, list[Candidate]]:
    """The catalog sources of one person: reviews, tutorials, cart, reminder, new items."""
    categories = dict(facts.categories)
    bought = set(facts.bought)
    found = {
        "reviews": _about(catalog, REVIEW_TYPES, facts.viewed, categories, kinds.REVIEW_OF),
        "tutorials": _about(
            catalog,
            GUIDE_TYPES,
            {i: facts.viewed.get(i, 1.0) for i in bought},
            _categories_of(catalog, bought) or {},
            kinds.GUIDE_FOR,
        ),
        "cart": [
            (item, float(len(facts.cart) - rank), Why(kinds.IN_CART))
            for rank, item in enumerate(facts.cart)
        ],
        "reminder": [
            (item.id, 1.0, Why(kinds.CART_REMINDER, item=facts.cart[0]))
            for item in catalog
            if facts.cart and item.type == "email_block" and REMINDER_TAGS & set(item.tags)
        ],
        "new_in_interests": _new_items(catalog, categories, facts.viewed),
    }
    return {source: _best(found[source], limit) for source in found}


def _about(
    catalog: Catalog,
    types: frozenset[str],
    items: dict[str, float],
    categories: dict[str, float],
    kind: str,
) -> list[Candidate]:
    found: list[Candidate] = []
    for item in catalog:
        if item.type not in types:
            continue
        mine = [(items[a], a) for a in item.about if a in items]
        if mine:
            weight, about = max(mine)
            found.append((item.id, 1.0 + weight, Why(kind, item=about)))
        elif item.category in categories:
            found.append(
                (
                    item.id,
                    categories[item.category] / 1000.0,
                    Why(kinds.IN_CATEGORY, value=item.category),
                )
            )
    return found


def _categories_of(catalog: Catalog, items: Iterable[str]) -> dict[str, float]:
    found: dict[str, float] = {}
    for item_id in items:
        item = catalog.get(item_id)
        if item is not None and item.category is not None:
            found[item.category] = found.get(item.category, 0.0) + 1.0
    return found


def _new_items(
    catalog: Catalog, categories: dict[str, float], seen: dict[str, float]
) -> list[Candidate]:
    """Unseen products of her categories, the newest (latest `valid_from`) first within one."""
    fresh = [
        i for i in catalog if i.type == "product" and i.category in categories and i.id not in seen
    ]
    ordered = sorted(fresh, key=_newest)
    return [
        (
            item.id,
            categories[str(item.category)] + 1.0 / (rank + 2),
            Why(kinds.NEW_IN_CATEGORY, value=item.category),
        )
        for rank, item in enumerate(ordered)
    ]


def _newest(item: CatalogItem) -> tuple[int, str]:
    day = item.valid_from.toordinal() if item.valid_from else 0
    return -day, item.id


def _best(candidates: list[Candidate], limit: int) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-c[1], c[0]))[:limit]
