"""Measured quality on the real corpora, and the airline feedback report precursor."""

from __future__ import annotations

from pathlib import Path

import ibis
import pytest

from journeymap.analytics.feedback.barriers import suggest_barriers
from journeymap.analytics.feedback.corpora import (
    AIRLINE_FILE,
    airline_feedback,
    read_airline_tweets,
)
from journeymap.analytics.feedback.evaluate import evaluate
from journeymap.analytics.feedback.scores import feedback_scores
from journeymap.analytics.feedback.text_groups import feedback_themes
from journeymap.model.journey import JourneyMap
from tests.conftest import dataset

pytestmark = [pytest.mark.data, pytest.mark.slow]


@pytest.fixture(scope="module")
def quality(real_data: Path) -> dict[str, object]:
    dataset(real_data, *AIRLINE_FILE)
    dataset(real_data, "sentiruval-2015-restaurants", "SentiRuEval_rest_markup_test.xml")
    dataset(real_data, "sentiruval-2015-restaurants", "SentiRuEval_rest_markup_train.xml")
    return evaluate(real_data, "test")


def test_every_system_beats_the_cross_domain_baseline_on_every_set(
    quality: dict[str, object],
) -> None:
    english = quality["english_sentiment"]["systems"]  # type: ignore[index]
    russian = quality["russian_sentiment"]["mentions"]["systems"]  # type: ignore[index]
    # Measured: cross-domain TF-IDF + LR 0.10 (en) / 0.30 (ru) macro-F1; learned from the set's
    # own scored dev texts 0.77 / 0.76, blended with the lexicon 0.74 / 0.74.
    for systems in (english, russian):
        cross = systems["TF-IDF + LR trained on the other set"]["macro_f1"]
        for name in ("journeymap lexicon", "learned from own scored texts"):
            assert systems[name]["macro_f1"] > cross + 0.3, name
        blended = systems["journeymap lexicon + learned"]["macro_f1"]
        assert blended > systems["journeymap lexicon"]["macro_f1"] + 0.03


def test_english_sentiment_beats_baselines(quality: dict[str, object]) -> None:
    systems = quality["english_sentiment"]["systems"]  # type: ignore[index]
    ours, majority = systems["journeymap lexicon"], systems["majority class"]
    tiny = systems["tiny word list"]
    # Measured on the test half: accuracy 0.67 vs 0.63 and macro-F1 0.63 vs 0.26 / 0.46.
    assert ours["accuracy"] > majority["accuracy"] + 0.02
    assert ours["macro_f1"] > majority["macro_f1"] + 0.3
    assert ours["macro_f1"] > tiny["macro_f1"] + 0.1


def test_english_themes_match_reason_codes_better_than_baselines(
    quality: dict[str, object],
) -> None:
    themes = quality["english_themes"]  # type: ignore[index]
    ours = themes["systems"]["journeymap themes"]
    words = themes["systems"]["reason words"]
    assert ours["adjusted_rand"] > words["adjusted_rand"] + 0.15
    assert ours["purity"] > themes["systems"]["one cluster (majority reason)"]["purity"] + 0.2
    for reason in ("Late Flight", "Cancelled Flight", "Luggage", "Customer Service Issue"):
        assert themes["per_reason"][reason]["f1"] > 0.5


def test_russian_sentiment_and_aspects_beat_baselines(quality: dict[str, object]) -> None:
    correlations = quality["russian_sentiment"]["correlations"]  # type: ignore[index]
    for row in correlations.values():
        assert row["journeymap lexicon"] > row["tiny word list"] + 0.1
    review = correlations["review (mean of 3 scores)"]["journeymap lexicon"]
    assert review > 0.45
    mentions = quality["russian_sentiment"]["mentions"]["systems"]  # type: ignore[index]
    ours = mentions["journeymap lexicon"]
    assert ours["macro_f1"] > mentions["majority class"]["macro_f1"] + 0.15
    assert ours["macro_f1"] > mentions["tiny word list"]["macro_f1"] + 0.3
    for aspect, row in quality["russian_aspects"].items():  # type: ignore[attr-defined]
        assert row["f1"] > row["baseline_f1"], aspect


def test_airline_feedback_scores_and_themes_per_airline(real_data: Path) -> None:
    tweets = read_airline_tweets(dataset(real_data, *AIRLINE_FILE))
    table = airline_feedback(tweets)
    feedback = ibis.memtable(table)
    scores = {s.group["touchpoint"]: s for s in feedback_scores(feedback, by=["touchpoint"])}
    assert len(scores) == 6
    assert sum(s.answers for s in scores.values()) == len(tweets)
    for airline, summary in scores.items():
        mine = [t for t in tweets if airline.startswith(t.airline.lower().split()[0])]
        promoters = sum(t.sentiment == "positive" and t.confidence >= 0.5 for t in mine)
        detractors = sum(t.sentiment == "negative" and t.confidence >= 0.5 for t in mine)
        assert summary.nps is not None
        assert summary.nps.value == pytest.approx(100 * (promoters - detractors) / len(mine))
        assert summary.nps.low < summary.nps.value < summary.nps.high
    # Virgin America is the best-rated airline of the set, US Airways the worst.
    ranked = sorted(scores, key=lambda a: scores[a].nps.value)  # type: ignore[union-attr]
    assert (ranked[0], ranked[-1]) == ("us-airways", "virgin-america")

    themes = feedback_themes(feedback.filter(feedback.touchpoint == "united"))
    top = themes[0]
    assert top.touchpoint == "united"
    assert top.id in {"support", "delay", "staff"}
    assert top.size > 100
    assert len(top.quotes) == 3

    journey = JourneyMap.model_validate(
        {
            "id": "airlines",
            "title": "Flying",
            "stages": [{"id": "flight", "name": "Flight", "touchpoints": sorted(scores)}],
            "touchpoints": [{"id": a, "name": a} for a in sorted(scores)],
        }
    )
    barriers = suggest_barriers(list(scores.values()), themes, journey)
    assert barriers
    assert all(stage == "flight" and b.suggested and b.evidence for stage, b in barriers)
