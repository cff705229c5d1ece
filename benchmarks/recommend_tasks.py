"""Child tasks of the recommender benchmark: load ml-latest-small, split, tune, measure."""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.harness import REPO

K = 10
LATENCY_PERSONS = 200  # persons timed one by one for the p50/p99 recommend latency

# The grids, tuned on a validation split carved from the training part (the last 20% of each
# training person's interactions), never on the test part. Every model gets the same protocol.
GRIDS: dict[str, dict[str, list[Any]]] = {
    "implicit ALS": {
        "factors": [32, 64, 128, 256],
        "regularization": [1.0, 10.0, 30.0, 100.0],
        "alpha": [0.5, 1.0, 5.0],
        "iterations": [15],
    },
    "implicit BPR": {
        "factors": [32, 64, 128],
        "learning_rate": [0.001, 0.005, 0.01],
        "regularization": [0.01],
        "iterations": [100],
    },
    "EASE": {"l2": [100.0, 200.0, 400.0], "min_persons": [3]},
    "item-kNN BM25": {"k": [100], "similarity": ["bm25"]},
    "co-visitation": {"window": [10, 20, 50], "history": [10, 20, 50]},
}
QUICK_GRIDS: dict[str, dict[str, list[Any]]] = {
    "implicit ALS": {"factors": [16, 32], "iterations": [5]},
    "implicit BPR": {"factors": [16], "iterations": [20]},
    "EASE": {"l2": [50.0, 300.0]},
    "item-kNN BM25": {"k": [50], "similarity": ["bm25"]},
    "co-visitation": {"window": [3]},
}
BLEND_WEIGHTS = {"co-visitation": [0.5, 1.0, 2.0], "recent popularity": [0.0, 0.1, 0.3]}
BLEND_DECAY_DAYS: list[float | None] = [None, 60.0]  # EASE's per-person half-life inside the blend


def ratings_path() -> Path:
    root = Path(os.environ.get("JOURNEYMAP_DATA", REPO.parent / "shared" / "data"))
    if not (root / "movielens-latest-small").is_dir():
        root = Path("/work/shared/data")
    return root / "movielens-latest-small" / "ratings.csv"


def load_split(users: int, *, validation: bool = False) -> Any:
    """The default split of ml-latest-small (`users` > 0: the first `users` users only); with
    `validation`, the same split applied again to the training part (for tuning)."""
    from journeymap.personalize.evaluation import per_person_split
    from journeymap.personalize.interactions import read_ratings

    interactions = read_ratings(ratings_path())
    if users:
        keep = sorted(interactions["person"].unique(), key=int)[:users]
        interactions = interactions[interactions["person"].isin(keep)]
    split = per_person_split(interactions)
    return per_person_split(split.train) if validation else split


def build(name: str, params: dict[str, Any]) -> Any:
    from journeymap.personalize import recommenders as r

    if name == "popularity":
        return r.PopularityRecommender(**params)
    if name == "implicit ALS":
        return r.ALSRecommender(**params)
    if name == "implicit BPR":
        return r.BPRRecommender(**params)
    if name == "EASE":
        return r.EASERecommender(**params)
    if name == "item-kNN BM25":
        return r.ItemKNNRecommender(**params)
    if name == "co-visitation":
        return r.CoVisitationRecommender(**params)
    if name == "blend":
        return r.BlendRecommender(
            sources=(
                (r.EASERecommender(**params["ease"]), 1.0),
                (r.CoVisitationRecommender(**params["covisitation"]), params["w_covisitation"]),
                (r.PopularityRecommender(half_life_days=30.0), params["w_popularity"]),
            )
        )
    raise ValueError(f"unknown model {name}")


def _grid(grid: dict[str, list[Any]]) -> list[dict[str, Any]]:
    keys = list(grid)
    return [dict(zip(keys, values, strict=True)) for values in itertools.product(*grid.values())]


def tune(name: str, users: int, quick: bool) -> dict[str, Any]:
    """Child: the grid point with the best validation NDCG@10."""
    from journeymap.personalize.evaluation import evaluate

    split = load_split(users, validation=True)
    grid = (QUICK_GRIDS if quick else GRIDS)[name]
    tried = []
    for params in _grid(grid):
        result = evaluate(build(name, params), split, k=K)
        tried.append((result.ndcg, params))
    best = max(tried, key=lambda pair: pair[0])
    return {"params": best[1], "validation_ndcg": best[0], "points": len(tried)}


def tune_blend(ease: dict[str, Any], covisitation: dict[str, Any], users: int) -> dict[str, Any]:
    """Child: blend weights and EASE's time decay on the validation split. The sources are
    fitted once per decay; the weights only change how their normalized scores add up."""
    from journeymap.personalize.evaluation.harness import recommended_lists, relevant_items
    from journeymap.personalize.evaluation.metrics import ndcg_at_k

    split = load_split(users, validation=True)
    relevant = relevant_items(split)
    persons = sorted(p for p, items in relevant.items() if items)
    best: tuple[float, dict[str, Any]] = (-1.0, {})
    for decay in BLEND_DECAY_DAYS:
        ease_params = {**ease, "half_life_days": decay, "decay_per_person": decay is not None}
        params = {
            "ease": ease_params,
            "covisitation": covisitation,
            "w_covisitation": 1.0,
            "w_popularity": 1.0,
        }
        model = build("blend", params).fit(split.train)
        fitted = [m for m, _ in model.sources_]
        weights = itertools.product(*BLEND_WEIGHTS.values())
        for w_covisitation, w_popularity in weights:
            model.sources_ = list(zip(fitted, [1.0, w_covisitation, w_popularity], strict=True))
            value = ndcg_at_k(recommended_lists(model, persons, K), relevant, K)
            if value > best[0]:
                chosen = {**params, "w_covisitation": w_covisitation, "w_popularity": w_popularity}
                best = (value, chosen)
    return {"params": best[1], "validation_ndcg": best[0]}


def measure(name: str, params: dict[str, Any], users: int) -> dict[str, Any]:
    """Child: fit on the training part, score the test part, time single-person requests."""
    from journeymap.personalize.evaluation import evaluate
    from journeymap.personalize.evaluation.harness import relevant_items

    split = load_split(users)
    model = build(name, params)
    result = evaluate(model, split, k=K, name=name)
    persons = sorted(p for p, items in relevant_items(split).items() if items)
    persons = persons[:LATENCY_PERSONS]
    latencies = []
    for person in persons:
        started = time.perf_counter()
        model.recommend_one(person, n=K)  # the serving path, reasons included
        latencies.append(time.perf_counter() - started)
    return {
        **result.as_dict(),
        "p50_ms": float(np.percentile(latencies, 50) * 1000),
        "p99_ms": float(np.percentile(latencies, 99) * 1000),
    }
