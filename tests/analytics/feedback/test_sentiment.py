"""Rule-based sentiment: polarity, negation, intensity, emoticons, contrast, Russian morphology."""

from __future__ import annotations

import pytest

from journeymap.analytics.feedback.lexicon import LANGUAGES, conflicts, read_lexicon_file
from journeymap.analytics.feedback.sentiment import analyze
from journeymap.analytics.feedback.text import detect_language, tokenize


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The delivery was great, thank you", "positive"),
        ("Terrible service, never again", "negative"),
        ("What time does the store open?", "neutral"),
        ("not good", "negative"),
        ("not bad at all", "positive"),
        ("Отличный ресторан, всё понравилось", "positive"),
        ("Нам не понравилось", "negative"),
        ("Официант нахамил, ждали час", "negative"),
        ("Заказ без проблем", "positive"),
        ("Не рекомендую", "negative"),
        ("Спасибо)))", "positive"),
        ("Всё пропало :(", "negative"),
        ("Во сколько вы открываетесь?", "neutral"),
    ],
)
def test_labels(text: str, label: str) -> None:
    assert analyze(text).label == label


def test_inflections_share_a_stem() -> None:
    forms = ["понравился", "понравилась", "понравились", "понравилось"]
    assert {analyze(f).label for f in forms} == {"positive"}
    assert analyze("flights delayed").score == analyze("flight delay").score


def test_intensifiers_and_exclamations_strengthen() -> None:
    assert analyze("very good").score > analyze("good").score > analyze("slightly good").score
    assert analyze("good!").score > analyze("good").score
    assert analyze("очень вкусно").score > analyze("вкусно").score


def test_negation_is_weaker_than_the_opposite_word() -> None:
    assert analyze("bad").score < analyze("not good").score < 0


def test_contrast_puts_weight_after_but() -> None:
    assert analyze("the food was great but the staff was rude").label == "negative"
    assert analyze("дорого, зато очень вкусно").label == "positive"


def test_parentheses_are_not_emoticons() -> None:
    emoticons = [t.text for t in tokenize("Flight (DFW) at 10:30 :) ok") if t.kind == "emoticon"]
    assert emoticons == [":)"]


def test_language_detection_and_empty_text() -> None:
    assert detect_language("@united спасибо большое") == "ru"
    assert detect_language("thanks") == "en"
    assert analyze("").label == "neutral"
    assert analyze(None).score == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_lexicons_have_no_conflicting_stems(language: str) -> None:
    assert conflicts(read_lexicon_file(language), language) == []
