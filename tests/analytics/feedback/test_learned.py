"""Sentiment learned from a workspace's own scored answers (`feedback.learned`)."""

from __future__ import annotations

import random

import pytest

from journeymap.analytics.feedback.learned import (
    MIN_TEXTS,
    LearnedSentiment,
    analyze_texts,
    label_of_answer,
    learn_from_answers,
)
from journeymap.analytics.feedback.sentiment import analyze
from journeymap.analytics.feedback.text_groups import feedback_themes, sentiment_by


@pytest.mark.parametrize(
    ("kind", "score", "label"),
    [
        ("nps", 0, "negative"),
        ("nps", 6, "negative"),
        ("nps", 7, "neutral"),
        ("nps", 8, "neutral"),
        ("nps", 9, "positive"),
        ("csat", 2, "negative"),
        ("csat", 3, "neutral"),
        ("csat", 4, "positive"),
        ("rating", 1, "negative"),
        ("ces", 3, "negative"),
        ("ces", 5, "neutral"),
        ("ces", 7, "positive"),
        ("text", 5, None),
    ],
)
def test_a_score_stands_for_a_sentiment(kind: str, score: float, label: str | None) -> None:
    assert label_of_answer(kind, score) == label


def _seed_shop_answers(n: int, seed: int = 3) -> list[dict[str, object]]:
    """Answers whose sentiment lives in domain words no general lexicon has."""
    rng = random.Random(seed)
    plants = ["seedlings", "tomatoes", "bulbs", "peppers", "cucumbers", "seeds"]
    bad = [f"the {p} {v}" for p in plants for v in ("wilted", "rotted", "shrivelled")]
    good = [f"the {p} {v}" for p in plants for v in ("sprouted", "sprouted fast", "gave a harvest")]
    rows: list[dict[str, object]] = []
    for i in range(n):
        positive = i % 2 == 0
        text = (good if positive else bad)[(i // 2) % len(good)]
        rows.append(
            {
                "text": text + rng.choice(["", " again", " this spring"]),
                "kind": "nps",
                "score": rng.choice([9, 10]) if positive else rng.choice([0, 2, 4]),
                "touchpoint": "delivery",
                "stage": "use",
                "language": "en",
            }
        )
    return rows


def test_too_few_scored_texts_leave_the_lexicon_alone() -> None:
    rows = _seed_shop_answers(MIN_TEXTS - 1)
    assert learn_from_answers(rows) is None
    canned = [dict(r, text=str(r["text"]).split(" again")[0][:12]) for r in _seed_shop_answers(200)]
    assert learn_from_answers(canned) is None  # many answers, few distinct texts
    one_class = [dict(r, score=10) for r in _seed_shop_answers(60)]
    assert learn_from_answers(one_class) is None
    texts = ["the bulbs rotted"]
    assert analyze_texts(texts, ["en"]) == [analyze("the bulbs rotted", "en")]


def test_domain_words_are_learned_from_scores() -> None:
    model = learn_from_answers(_seed_shop_answers(80))
    assert isinstance(model, LearnedSentiment)
    unseen = ["all my tomatoes rotted", "my seeds sprouted this spring"]
    assert [analyze(t, "en").label for t in unseen] == ["neutral", "neutral"]
    learned = model.analyze_all(unseen, ["en", "en"])
    assert [s.label for s in learned] == ["negative", "positive"]
    assert learned[0].score < 0 < learned[1].score


def test_scores_are_continuous_not_a_few_values() -> None:
    rows = _seed_shop_answers(80)
    model = learn_from_answers(rows)
    assert model is not None
    texts = [str(r["text"]) for r in rows]
    assert len({round(s, 6) for s in model.scores(texts)}) > 5


def test_themes_and_group_sentiment_use_the_learned_model() -> None:
    rows = _seed_shop_answers(80)
    themes = feedback_themes(rows)
    negative_texts = sum(t.size for t in themes)
    assert negative_texts == sum(1 for r in rows if int(str(r["score"])) <= 6)
    (summary,) = sentiment_by(rows)
    assert summary.negative == negative_texts
    assert summary.positive == len(rows) - negative_texts


def test_okay_nothing_special_is_neutral_in_both_languages() -> None:
    assert analyze("It was okay, nothing special", "en").label == "neutral"
    assert analyze("Всё нормально, ничего особенного", "ru").label == "neutral"
    assert analyze("Семена не взошли, деньги на ветер", "ru").label == "negative"
