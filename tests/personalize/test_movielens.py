"""A smoke test on the real ml-latest-small: the default split and a cheap model beat
popularity, as every published result says they should."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.personalize.evaluation import evaluate, global_time_split, per_person_split
from journeymap.personalize.interactions import read_ratings
from journeymap.personalize.recommenders import CoVisitationRecommender, PopularityRecommender
from tests.conftest import dataset


@pytest.mark.data
def test_movielens_split_and_a_model_beating_popularity(real_data: Path) -> None:
    ratings = read_ratings(dataset(real_data, "movielens-latest-small", "ratings.csv"))
    assert len(ratings) == 100_836
    split = per_person_split(ratings)
    assert len(split.test_persons) == 610  # every user rated at least 20 movies
    popularity = evaluate(PopularityRecommender(), split)
    covisitation = evaluate(CoVisitationRecommender(), split)
    assert 0.05 < popularity.ndcg < covisitation.ndcg
    assert covisitation.coverage > popularity.coverage
    # the caveat documented for the global cut: few test users have any history
    cut = global_time_split(ratings)
    test_users = set(cut.test["person"])
    assert (len(test_users), len(test_users & set(cut.train["person"]))) == (116, 28)
