"""Per-stage evaluation: each interaction is attributed to the stage the person was in, and
the harness scores each stage on its own test items."""

from __future__ import annotations

import pandas as pd

from journeymap.personalize.evaluation import evaluate, per_person_split
from journeymap.personalize.evaluation.stages import UNSTAGED, stage_metrics, with_stages
from journeymap.personalize.recommenders import PopularityRecommender
from tests.personalize.conftest import synthetic_interactions


def at(text: str) -> pd.Timestamp:
    return pd.Timestamp(f"2026-01-01 {text}")


def test_an_interaction_is_in_the_stage_of_the_latest_staged_event_at_or_before_it() -> None:
    staged = pd.DataFrame(
        {
            "person": ["p", "p", "q"],
            "stage": ["research", "purchase", "research"],
            "timestamp": [at("10:00"), at("12:00"), at("09:00")],
        }
    )
    interactions = pd.DataFrame(
        {
            "person": ["p", "p", "p", "p", "q", "r"],
            "item": ["a", "b", "c", "d", "e", "f"],
            "weight": 1.0,
            "timestamp": [
                at("12:30"),
                at("09:59"),
                at("10:00"),
                at("12:00"),
                at("23:00"),
                at("11:00"),
            ],
        },
        index=[5, 4, 3, 2, 1, 0],
    )
    result = with_stages(interactions, staged)
    assert list(result.index) == [5, 4, 3, 2, 1, 0]
    assert list(result["item"]) == ["a", "b", "c", "d", "e", "f"]
    assert list(result["stage"]) == [
        "purchase",
        UNSTAGED,
        "research",
        "purchase",
        "research",
        UNSTAGED,
    ]


def test_stage_metrics_score_each_stage_on_its_own_items() -> None:
    test = pd.DataFrame(
        {
            "person": ["p", "p", "q", "q"],
            "item": ["a", "b", "a", "z"],
            "stage": ["research", "purchase", "purchase", UNSTAGED],
        }
    )
    recommended = {"p": ["a", "x"], "q": ["x", "a"]}
    scores = stage_metrics(recommended, test, {"q": {"z"}}, k=2, order=["research", "purchase"])
    assert list(scores) == ["research", "purchase"]  # q's only unstaged item was seen
    assert scores["research"] == {"ndcg": 1.0, "recall": 1.0, "test_persons": 1}
    assert scores["purchase"]["test_persons"] == 2
    assert scores["purchase"]["recall"] == 0.5


def test_the_harness_reports_stages_only_when_the_interactions_carry_them() -> None:
    frame = synthetic_interactions(persons=30)
    plain = evaluate(PopularityRecommender(), per_person_split(frame), k=5)
    assert plain.stages == {}
    staged = frame.assign(stage=["early" if i % 2 else "late" for i in range(len(frame))])
    result = evaluate(
        PopularityRecommender(), per_person_split(staged), k=5, stage_order=["late", "early"]
    )
    assert list(result.stages) == ["late", "early"]
    assert all(0 <= s["ndcg"] <= 1 and s["test_persons"] > 0 for s in result.stages.values())
    assert result.as_dict()["stages"] == result.stages
