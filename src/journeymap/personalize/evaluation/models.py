"""The recommenders `journeymap evaluate` knows by name, with their default parameters, and
the call that evaluates several of them on one split."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

import pandas as pd

from journeymap.i18n import gettext as _
from journeymap.personalize.evaluation.harness import Evaluation, evaluate
from journeymap.personalize.evaluation.splits import Split, global_time_split, per_person_split
from journeymap.personalize.interactions import InteractionsError
from journeymap.personalize.recommenders import (
    ALSRecommender,
    BlendRecommender,
    BPRRecommender,
    CoVisitationRecommender,
    EASERecommender,
    ItemKNNRecommender,
    PopularityRecommender,
    Recommender,
)


def _blend() -> Recommender:
    """The blend tuned on ml-latest-small (benchmarks/RESULTS.md): EASE, session
    co-visitation and recent popularity."""
    return BlendRecommender(
        sources=(
            (EASERecommender(l2=200.0, min_persons=3), 1.0),
            (CoVisitationRecommender(window=50, history=10), 1.0),
            (PopularityRecommender(half_life_days=30.0), 0.1),
        )
    )


MODELS: Final[dict[str, Callable[[], Recommender]]] = {
    "popularity": PopularityRecommender,
    "popularity-recent": lambda: PopularityRecommender(half_life_days=30.0),
    "item-knn": ItemKNNRecommender,
    "item-knn-bm25": lambda: ItemKNNRecommender(similarity="bm25"),
    "ease": lambda: EASERecommender(min_persons=2),
    "als": ALSRecommender,
    "bpr": BPRRecommender,
    "covisitation": CoVisitationRecommender,
    "blend": _blend,
}
"""Name -> a recommender with default parameters."""
DEFAULT_MODELS: Final = ("popularity", "item-knn-bm25", "ease", "als", "covisitation", "blend")
SPLITS: Final = ("person", "global")


def make_split(
    interactions: pd.DataFrame,
    method: str = "person",
    *,
    test_fraction: float = 0.2,
    min_interactions: int = 5,
) -> Split:
    """`person` (default): each person's last `test_fraction`; `global`: one time cut."""
    if method == "person":
        return per_person_split(
            interactions, test_fraction=test_fraction, min_interactions=min_interactions
        )
    if method == "global":
        return global_time_split(interactions, test_fraction=test_fraction)
    raise InteractionsError(
        _("unknown split {method!r}; known: {splits}", method=method, splits=", ".join(SPLITS))
    )


def evaluate_models(
    names: list[str] | tuple[str, ...],
    split: Split,
    *,
    k: int = 10,
    stage_order: Sequence[str] = (),
) -> list[Evaluation]:
    """Every named model on the same split, in the order given (per stage too when the
    interactions carry a `stage` column, see `evaluation.stages`)."""
    unknown = [name for name in names if name not in MODELS]
    if unknown:
        raise InteractionsError(
            _(
                "unknown model(s) {unknown}; known: {models}",
                unknown=", ".join(unknown),
                models=", ".join(MODELS),
            )
        )
    if split.test.empty:
        raise InteractionsError(
            _("the split left no test interactions: too few persons with enough interactions")
        )
    return [
        evaluate(MODELS[name](), split, k=k, name=name, stage_order=stage_order) for name in names
    ]
