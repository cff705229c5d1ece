"""Templates get recommendations with reasons from a fitted recommender."""

from __future__ import annotations

import pandas as pd

from journeymap.orchestrate.recommend import from_recommender
from journeymap.orchestrate.templates import render_one
from journeymap.personalize.recommenders.popularity import PopularityRecommender


def test_a_popularity_recommender_feeds_a_template() -> None:
    interactions = pd.DataFrame(
        {
            "person": ["a", "a", "b", "c", "c"],
            "item": ["tomato", "basil", "tomato", "tomato", "dill"],
            "weight": [1.0] * 5,
            "timestamp": pd.to_datetime(["2026-03-01"] * 5),
        }
    )
    recommend = from_recommender(PopularityRecommender().fit(interactions), n=2)
    picks = recommend("b", {})
    assert picks[0]["item"] in {"basil", "dill"}  # b has seen tomato
    assert picks[0]["reason"] == "popular"
    text = render_one(
        "{% for r in recommendations %}{{ r.item }} ({{ r.reason }});{% endfor %}",
        {"recommendations": picks},
    )
    assert text.count("(popular);") == 2
