"""The contract every recommender keeps (one suite, every model)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from journeymap.personalize.recommenders import (
    RESULT_COLUMNS,
    ALSRecommender,
    BlendRecommender,
    BPRRecommender,
    ContentRecommender,
    CoVisitationRecommender,
    EASERecommender,
    ItemKNNRecommender,
    PopularityRecommender,
    Recommender,
    RecommenderError,
    SparkALSRecommender,
)
from journeymap.personalize.recommenders.reasons import KINDS
from tests.personalize.conftest import catalog

FACTORIES: dict[str, Callable[[], Recommender]] = {
    "popularity": PopularityRecommender,
    "popularity-region": lambda: PopularityRecommender(group="region", half_life_days=30),
    "knn-cosine": lambda: ItemKNNRecommender(k=10),
    "knn-bm25": lambda: ItemKNNRecommender(k=10, similarity="bm25", half_life_days=20),
    "ease": lambda: EASERecommender(l2=10.0),
    "als": lambda: ALSRecommender(factors=8, iterations=5, random_state=3),
    "bpr": lambda: BPRRecommender(factors=8, iterations=20, random_state=3),
    "covisitation": lambda: CoVisitationRecommender(window=3, session_gap_minutes=60 * 24 * 7),
    "content": lambda: ContentRecommender(items=catalog(), text_columns=("title", "tags")),
    "blend": lambda: BlendRecommender(
        sources=((EASERecommender(l2=10.0), 1.0), (PopularityRecommender(group="region"), 0.3))
    ),
    "blend-rank": lambda: BlendRecommender(
        sources=((ItemKNNRecommender(k=10), 1.0), (ALSRecommender(factors=8), 0.5)),
        normalize="rank",
    ),
}


@pytest.fixture(params=sorted(FACTORIES))
def factory(request: pytest.FixtureRequest) -> Callable[[], Recommender]:
    return FACTORIES[request.param]


def _same(left: object, right: object) -> bool:
    return repr(left) == repr(right)


def test_fit_returns_self_and_leaves_parameters_as_given(
    factory: Callable[[], Recommender], interactions: pd.DataFrame
) -> None:
    model = factory()
    before = model.get_params()
    assert model.fit(interactions) is model
    assert _same(model.get_params(), before)
    assert hasattr(model, "items_")
    assert hasattr(model, "persons_")
    learned = [name for name in vars(model) if name.endswith("_") and not name.startswith("_")]
    assert learned, "fit learns state whose names end in _"


def test_result_is_tidy_respects_n_and_never_repeats_seen_items(
    factory: Callable[[], Recommender], interactions: pd.DataFrame
) -> None:
    model = factory().fit(interactions)
    persons = sorted(interactions["person"].unique())[:8]
    result = model.recommend(persons, n=5)
    assert list(result.columns) == list(RESULT_COLUMNS)
    assert set(result["person"]) == set(persons)
    seen = interactions.groupby("person")["item"].agg(set)
    for person, rows in result.groupby("person"):
        assert len(rows) == 5
        assert list(rows["rank"]) == [1, 2, 3, 4, 5]
        assert rows["item"].is_unique
        assert not set(rows["item"]) & seen[person]
        assert list(rows["score"]) == sorted(rows["score"], reverse=True)
    assert set(result["reason"]) <= set(KINDS)


def test_recommend_one_serves_the_same_as_the_frame(
    factory: Callable[[], Recommender], interactions: pd.DataFrame
) -> None:
    model = factory().fit(interactions)
    for person in ("p03", "nobody"):
        frame = model.recommend([person], n=4)
        one = model.recommend_one(person, n=4)
        assert [r.item for r in one] == list(frame["item"])
        assert [r.reason.kind for r in one] == list(frame["reason"])
        assert [r.rank for r in one] == [1, 2, 3, 4]


def test_seen_items_may_come_back_when_not_excluded(
    factory: Callable[[], Recommender], interactions: pd.DataFrame
) -> None:
    model = factory().fit(interactions)
    result = model.recommend(["p00"], n=len(model.items_), exclude_seen=False)
    assert len(result) == len(model.items_)


def test_unknown_persons_get_popular_items_not_an_error(
    factory: Callable[[], Recommender], interactions: pd.DataFrame
) -> None:
    model = factory().fit(interactions)
    result = model.recommend(["nobody", "p01"], n=3)
    assert list(result["person"]) == ["nobody"] * 3 + ["p01"] * 3
    fallback = result[result["person"] == "nobody"]
    assert set(fallback["reason"]) == {"popular"}
    counts = interactions.groupby("item")["person"].nunique().sort_values(ascending=False)
    assert fallback["item"].iloc[0] in set(counts[counts == counts.iloc[0]].index)


def test_same_seed_same_recommendations(
    factory: Callable[[], Recommender], interactions: pd.DataFrame
) -> None:
    persons = sorted(interactions["person"].unique())
    first = factory().fit(interactions).recommend(persons, n=4)
    second = factory().fit(interactions).recommend(persons, n=4)
    pd.testing.assert_frame_equal(first, second)


def test_clone_is_unfitted_with_the_same_parameters(
    factory: Callable[[], Recommender], interactions: pd.DataFrame
) -> None:
    model = factory().fit(interactions)
    copy = model.clone()
    assert _same(copy.get_params(), model.get_params())
    with pytest.raises(RecommenderError, match="not fitted"):
        copy.recommend(["p00"])


def test_reasons_name_a_seen_item_or_a_group(
    factory: Callable[[], Recommender], interactions: pd.DataFrame
) -> None:
    model = factory().fit(interactions)
    result = model.recommend(sorted(interactions["person"].unique()), n=3)
    seen = interactions.groupby("person")["item"].agg(set)
    region = interactions.groupby("person")["region"].last()
    for row in result.itertuples():
        if row.reason_item is not None:
            assert row.reason_item in seen[row.person]
        if row.reason == "popular_in_group":
            assert (row.reason_group, row.reason_value) == ("region", region[row.person])


def test_bad_input_is_a_clear_error(interactions: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="lack the column"):
        EASERecommender().fit(interactions.drop(columns="weight"))
    with pytest.raises(ValueError, match="no interactions"):
        EASERecommender().fit(interactions.iloc[:0])
    with pytest.raises(RecommenderError, match="n must be"):
        PopularityRecommender().fit(interactions).recommend(["p00"], n=0)
    with pytest.raises(RecommenderError, match="no column"):
        PopularityRecommender(group="segment").fit(interactions)


def test_empty_person_list_gives_an_empty_tidy_frame(interactions: pd.DataFrame) -> None:
    result = PopularityRecommender().fit(interactions).recommend([], n=3)
    assert list(result.columns) == list(RESULT_COLUMNS)
    assert result.empty


def test_models_learn_the_regional_taste(interactions: pd.DataFrame) -> None:
    """North persons like low item numbers: every personal model recommends them mostly low
    items (a check that the scores mean something, not only that the shape is right)."""
    north = sorted(interactions.loc[interactions["region"] == "north", "person"].unique())
    for name in ("popularity-region", "knn-cosine", "ease", "als", "content", "blend"):
        result = FACTORIES[name]().fit(interactions).recommend(north, n=3)
        low = np.mean([int(item[1:]) < 17 for item in result["item"]])
        assert low > 0.7, name


@pytest.mark.spark
def test_spark_als_keeps_the_contract(spark: Any, interactions: pd.DataFrame) -> None:
    """One fit (MLlib is slow to start): the same checks as above, on local Spark."""
    model = SparkALSRecommender(rank=8, max_iter=5, seed=3, session=spark)
    before = model.get_params()
    assert model.fit(interactions) is model
    assert model.get_params() == before
    assert model.clone().get_params()["session"] is spark
    assert model.item_factors_.shape == (len(model.items_), 8)
    persons = sorted(interactions["person"].unique())
    result = model.recommend([*persons, "nobody"], n=4)
    assert list(result.columns) == list(RESULT_COLUMNS)
    assert (result.groupby("person").size() == 4).all()
    seen = interactions.groupby("person")["item"].agg(set)
    assert not any(
        row.item in seen[row.person] for row in result.itertuples() if row.person in seen
    )
    assert set(result.loc[result["person"] == "nobody", "reason"]) == {"popular"}
    north = [
        p
        for p in persons
        if interactions.loc[interactions["person"] == p, "region"].iloc[0] == "north"
    ]
    low = np.mean([int(i[1:]) < 17 for i in result.loc[result["person"].isin(north), "item"]])
    assert low > 0.7
