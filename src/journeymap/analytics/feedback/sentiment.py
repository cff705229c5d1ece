"""Rule-based sentiment for Russian and English feedback, from the shipped lexicons.

For each word (by stem) or phrase of the lexicon:

- an intensifier or diminisher just before it multiplies its weight ("very good", "немного
  дорого");
- a negator up to three words before it, in the same clause, flips it and softens it by
  `NEGATION_FACTOR` ("not good" -> mildly negative, "не понравилось" -> negative,
  "без проблем" -> mildly positive);
- in a sentence with a contrast word ("but", "но", "зато"), words before it count half and words
  after it one and a half times, as people put the point after the "but";
- a sentence ending in "!" counts `EXCLAIM_FACTOR` times;
- emoticons count `EMOTICON_WEIGHT` (":)", ")))" and "<3" positive; ":(" and ":/" negative).

The sum S becomes a score in -1..1 as S / sqrt(S^2 + ALPHA); texts within `NEUTRAL_BAND` of 0
are neutral.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from journeymap.analytics.feedback.lexicon import Lexicon, load_lexicon
from journeymap.analytics.feedback.text import Token, detect_language, stem, tokenize

NEGATION_FACTOR: Final = -0.75
NEGATION_SCOPE: Final = 3
CONTRAST_BEFORE: Final = 0.5
CONTRAST_AFTER: Final = 1.5
EXCLAIM_FACTOR: Final = 1.2
EMOTICON_WEIGHT: Final = 1.5
ALPHA: Final = 4.0
NEUTRAL_BAND: Final = 0.2

_HAPPY_MARKS = set(")]DPp*3")
_SAD_MARKS = set("([/\\|")


@dataclass(frozen=True)
class Sentiment:
    """The sentiment of one text."""

    score: float
    """-1 (very negative) .. +1 (very positive)."""
    label: str
    """negative, neutral or positive."""
    language: str
    matches: tuple[str, ...] = field(default=())
    """The words and phrases that carried the score, for explanations."""


@lru_cache(maxsize=1 << 16)
def analyze(text: str | None, language: str | None = None) -> Sentiment:
    """The sentiment of `text` (`language` detected when not given).

    Cached per (text, language): the lexicons are shipped and fixed, and a report reads the same
    answers several times (per stage, per stage and segment, for themes), while answers to a
    survey often repeat word for word.
    """
    if not text or not text.strip():
        return Sentiment(0.0, "neutral", language or "en")
    lang = language if language in ("en", "ru") else detect_language(text)
    lexicon = load_lexicon(lang)
    total = 0.0
    matches: list[str] = []
    for sentence in _sentences(tokenize(text)):
        sentence_total, found = _score_sentence(sentence, lexicon)
        total += sentence_total
        matches += found
    score = total / math.sqrt(total * total + ALPHA)
    return Sentiment(score, label_of(score), lang, tuple(matches))


def label_of(score: float) -> str:
    if score >= NEUTRAL_BAND:
        return "positive"
    if score <= -NEUTRAL_BAND:
        return "negative"
    return "neutral"


def emoticon_weight(emoticon: str) -> float:
    if emoticon == "<3" or (set(emoticon) & _HAPPY_MARKS and not set(emoticon) & _SAD_MARKS):
        return EMOTICON_WEIGHT
    if set(emoticon) & _SAD_MARKS:
        return -EMOTICON_WEIGHT
    return 0.0


def _sentences(tokens: list[Token]) -> list[list[Token]]:
    sentences: list[list[Token]] = [[]]
    for token in tokens:
        sentences[-1].append(token)
        if token.kind == "stop":
            sentences.append([])
    return [s for s in sentences if s]


def _score_sentence(tokens: list[Token], lexicon: Lexicon) -> tuple[float, list[str]]:
    lang = lexicon.language
    stems = [stem(t.text, lang) if t.kind == "word" else "" for t in tokens]
    contributions: list[float] = []
    found: list[str] = []
    contrast_at: int | None = None
    negation_left = 0
    boost = 1.0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "emoticon":
            contributions.append(emoticon_weight(token.text))
            found.append(token.text)
            i += 1
            continue
        if token.kind != "word":
            negation_left, boost = 0, 1.0
            i += 1
            continue
        phrase, weight = _phrase_at(stems, i, lexicon)
        if phrase:
            words = " ".join(t.text for t in tokens[i : i + phrase])
            if weight:
                contributions.append(_apply(weight, boost, negation_left))
                found.append(words)
            negation_left, boost = 0, 1.0
            i += phrase
            continue
        if token.text in lexicon.contrast and contrast_at is None:
            contrast_at = len(contributions)
            negation_left = 0
        elif token.text in lexicon.negators:
            negation_left = NEGATION_SCOPE + 1
        elif token.text in lexicon.intensifiers:
            boost *= lexicon.intensifiers[token.text]
        elif (listed := lexicon.weight(token.text, stems[i])) is not None:
            contributions.append(_apply(listed, boost, negation_left))
            found.append(token.text)
            boost = 1.0
        negation_left = max(negation_left - 1, 0)
        i += 1
    if contrast_at is not None:
        contributions = [
            c * (CONTRAST_BEFORE if k < contrast_at else CONTRAST_AFTER)
            for k, c in enumerate(contributions)
        ]
    factor = EXCLAIM_FACTOR if tokens[-1].exclaim else 1.0
    return factor * sum(contributions), found


def _phrase_at(stems: list[str], i: int, lexicon: Lexicon) -> tuple[int, float]:
    for length in range(lexicon.longest_phrase, 0, -1):
        key = tuple(stems[i : i + length])
        if len(key) == length and key in lexicon.phrases:
            return length, lexicon.phrases[key]
    return 0, 0.0


def _apply(weight: float, boost: float, negation_left: int) -> float:
    value = weight * boost
    return value * NEGATION_FACTOR if negation_left > 0 else value
