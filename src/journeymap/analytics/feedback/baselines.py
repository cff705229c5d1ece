"""Simple baselines the feedback quality is measured against (see docs/feedback.md).

- majority class: every text gets the most frequent gold label;
- tiny word list: ten obvious positive and ten obvious negative words per language, matched as
  written (no stems, no negation); more positive hits -> positive, more negative -> negative;
- aspect name: a sentence is about an aspect when it names it ("еда", "интерьер", ...);
- reason words: a tweet gets the negative reason whose own words it contains.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Final

from journeymap.analytics.feedback.text import stem, tokenize

TINY_WORDS: Final[dict[str, tuple[frozenset[str], frozenset[str]]]] = {
    "en": (
        frozenset(
            [
                "good",
                "great",
                "love",
                "thanks",
                "thank",
                "awesome",
                "best",
                "excellent",
                "amazing",
                "happy",
            ]
        ),
        frozenset(
            [
                "bad",
                "worst",
                "hate",
                "terrible",
                "awful",
                "delayed",
                "cancelled",
                "lost",
                "rude",
                "never",
            ]
        ),
    ),
    "ru": (
        frozenset(
            [
                "хорошо",
                "отлично",
                "вкусно",
                "понравилось",
                "спасибо",
                "уютно",
                "прекрасно",
                "замечательно",
                "рекомендую",
                "вежливые",
            ]
        ),
        frozenset(
            [
                "плохо",
                "ужасно",
                "невкусно",
                "грубо",
                "долго",
                "дорого",
                "отвратительно",
                "ужас",
                "холодный",
                "хамство",
            ]
        ),
    ),
}

ASPECT_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "Food": ("еда", "кухня"),
    "Interior": ("интерьер",),
    "Service": ("обслуживание",),
    "Price": ("цена",),
}

REASON_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "Late Flight": ("late",),
    "Cancelled Flight": ("cancelled",),
    "Luggage": ("luggage",),
    "Customer Service Issue": ("service",),
    "Flight Attendant Complaints": ("attendant",),
    "Flight Booking Problems": ("booking",),
    "longlines": ("lines",),
    "Bad Flight": ("bad",),
}


def majority_label(gold: Sequence[Hashable]) -> Hashable:
    return Counter(gold).most_common(1)[0][0]


def tiny_word_score(text: str, language: str) -> int:
    """Positive minus negative hits of the tiny word list."""
    positive, negative = TINY_WORDS[language]
    words = [t.text for t in tokenize(text) if t.kind == "word"]
    return sum(w in positive for w in words) - sum(w in negative for w in words)


def tiny_word_label(text: str, language: str) -> str:
    score = tiny_word_score(text, language)
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def names_aspect(sentence: str, aspect: str) -> bool:
    stems = {stem(t.text, "ru") for t in tokenize(sentence) if t.kind == "word"}
    return any(stem(name, "ru") in stems for name in ASPECT_NAMES[aspect])


def reason_by_words(text: str) -> str | None:
    words = {t.text for t in tokenize(text) if t.kind == "word"}
    for reason, cues in REASON_WORDS.items():
        if any(cue in words for cue in cues):
            return reason
    return None
