"""One harness for every recommender: fit on the training part of a split, rank all items for
every test person (items seen in training masked), score the test part. When the test
interactions carry a `stage` column (`evaluation.stages.with_stages`), the scores are also
given per stage."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from journeymap.personalize.evaluation.metrics import (
    catalog_coverage,
    map_at_k,
    ndcg_at_k,
    novelty,
    recall_at_k,
)
from journeymap.personalize.evaluation.splits import Split
from journeymap.personalize.evaluation.stages import STAGE_COLUMN, stage_metrics
from journeymap.personalize.recommenders.base import Recommender


@dataclass(frozen=True)
class Evaluation:
    """The scores of one recommender on one split."""

    name: str
    k: int
    ndcg: float
    recall: float
    map: float
    coverage: float
    novelty: float
    test_persons: int
    fit_seconds: float
    recommend_seconds: float
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Stage -> `ndcg`, `recall`, `test_persons`, when the split's test rows have a stage."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def item_sets(frame: pd.DataFrame) -> dict[str, set[str]]:
    """Per person, the items of her rows (a plain loop: far faster than a groupby to sets)."""
    sets: dict[str, set[str]] = {}
    persons = frame["person"].astype(str).tolist()
    for person, item in zip(persons, frame["item"].astype(str).tolist(), strict=True):
        sets.setdefault(person, set()).add(item)
    return sets


def seen_items(split: Split) -> dict[str, set[str]]:
    """Per person, the items of her training interactions."""
    return item_sets(split.train)


def relevant_items(split: Split, seen: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Per test person, the test items not already seen in training (those are masked)."""
    known = seen_items(split) if seen is None else seen
    return {p: items - known.get(p, set()) for p, items in item_sets(split.test).items()}


def recommended_lists(model: Recommender, persons: list[str], k: int) -> dict[str, list[str]]:
    table = model.recommend(persons, n=k, exclude_seen=True, explain=False)
    lists: dict[str, list[str]] = {}
    ranked = zip(
        table["person"].astype(str).tolist(), table["item"].astype(str).tolist(), strict=True
    )
    for person, item in ranked:  # rows come best first per person
        lists.setdefault(person, []).append(item)
    return lists


def evaluate(
    model: Recommender,
    split: Split,
    *,
    k: int = 10,
    name: str | None = None,
    stage_order: Sequence[str] = (),
) -> Evaluation:
    """Fit `model` on `split.train` and score its top `k` on `split.test` (and per stage, in
    `stage_order`, when the test rows have a `stage` column)."""
    started = time.perf_counter()
    model.fit(split.train)
    fitted = time.perf_counter()
    seen = seen_items(split)
    relevant = relevant_items(split, seen)
    persons = sorted(p for p, items in relevant.items() if items)
    recommended = recommended_lists(model, persons, k)
    done = time.perf_counter()
    train = split.train
    counts = train.groupby("item")["person"].nunique()
    persons_per_item = {str(i): int(c) for i, c in counts.items()}
    return Evaluation(
        name=name or type(model).__name__,
        k=k,
        ndcg=ndcg_at_k(recommended, relevant, k),
        recall=recall_at_k(recommended, relevant, k),
        map=map_at_k(recommended, relevant, k),
        coverage=catalog_coverage(recommended, train["item"].nunique(), k),
        novelty=novelty(recommended, persons_per_item, train["person"].nunique(), k),
        test_persons=len(persons),
        fit_seconds=fitted - started,
        recommend_seconds=done - fitted,
        stages=(
            stage_metrics(recommended, split.test, seen, k, stage_order)
            if STAGE_COLUMN in split.test.columns
            else {}
        ),
    )
