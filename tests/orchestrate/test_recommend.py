"""Templates get recommendations with reasons from a fitted recommender."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from journeymap.model import load_map
from journeymap.orchestrate.recommend import from_recommender, workspace_recommend
from journeymap.orchestrate.sending import no_recommendations
from journeymap.orchestrate.templates import render_one
from journeymap.personalize.recommenders.popularity import PopularityRecommender
from journeymap.personalize.strategies.serving import build_state, save_state, serve
from journeymap.templates import get_template
from tests.personalize.strategies import shop


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


def test_the_prepared_strategies_feed_a_template_with_their_sentences(tmp_path: Path) -> None:
    journey = load_map(str(get_template("seed-shop").map_resource("en")))
    state = build_state(
        shop.interactions(), shop.profiles(), catalog=shop.catalog(), journey=journey, day=shop.DAY
    )
    assert workspace_recommend(tmp_path / "missing.json") is no_recommendations
    recommend = workspace_recommend(save_state(state, tmp_path / "serving.json"), n=2)
    picks = recommend("anna", {})
    expected = serve(state, "anna", 2)
    assert [p["item"] for p in picks] == [e.item_id for e in expected]
    assert [p["reason_text"] for p in picks] == [e.reason_text for e in expected]
    text = render_one(
        "{% for r in recommendations %}{{ r.title }}: {{ r.reason_text }}\n{% endfor %}",
        {"recommendations": picks},
    )
    assert text.count("\n") == len(expected)
    assert all(e.title in text for e in expected)
    assert recommend("nobody", {}) == []
