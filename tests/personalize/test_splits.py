"""Temporal splits: the test part is always each person's (or everyone's) future."""

from __future__ import annotations

import pandas as pd
import pytest

from journeymap.personalize.evaluation import global_time_split, per_person_split
from journeymap.personalize.evaluation.harness import evaluate, relevant_items
from journeymap.personalize.interactions import InteractionsError
from journeymap.personalize.recommenders import PopularityRecommender


def test_per_person_split_holds_out_each_persons_last_fifth(interactions: pd.DataFrame) -> None:
    split = per_person_split(interactions)
    assert len(split.train) + len(split.test) == len(interactions)
    for person, test in split.test.groupby("person"):
        train = split.train[split.train["person"] == person]
        total = len(train) + len(test)
        assert total >= 5
        assert len(test) == -(-total // 5)  # ceil(20%)
        assert train["timestamp"].max() <= test["timestamp"].min()
    small = interactions.groupby("person").size()
    assert not set(small[small < 5].index) & set(split.test["person"])


def test_min_interactions_and_fraction_are_parameters(interactions: pd.DataFrame) -> None:
    split = per_person_split(interactions, test_fraction=0.5, min_interactions=10)
    sizes = interactions.groupby("person").size()
    assert set(split.test["person"]) == set(sizes[sizes >= 10].index)
    with pytest.raises(InteractionsError, match="test_fraction"):
        per_person_split(interactions, test_fraction=1.0)


def test_global_split_cuts_at_one_moment(interactions: pd.DataFrame) -> None:
    split = global_time_split(interactions)
    assert split.train["timestamp"].max() < split.test["timestamp"].min()
    assert 0.15 < len(split.test) / len(interactions) < 0.25


def test_harness_scores_the_future_with_seen_items_masked(interactions: pd.DataFrame) -> None:
    split = per_person_split(interactions)
    relevant = relevant_items(split)
    seen = split.train.groupby("person")["item"].agg(set)
    assert all(not items & seen.get(p, set()) for p, items in relevant.items())
    result = evaluate(PopularityRecommender(group="region"), split, k=5)
    assert 0 < result.ndcg <= 1
    assert 0 < result.recall <= 1
    assert result.test_persons == sum(1 for items in relevant.values() if items)
    assert result.as_dict()["k"] == 5
