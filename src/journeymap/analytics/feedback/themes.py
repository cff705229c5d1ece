"""Themes of feedback texts: what the (negative) answers are about, with representative quotes.

Each text gets the sentiment of `journeymap.analytics.feedback.sentiment` and the primary theme
of the theme dictionary (most keyword hits). Texts with no keyword form the theme `other`, whose
`top_terms` show what the dictionary misses. With `negative_only` (the default) only negative
texts are grouped, so the themes say what hurts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from journeymap.analytics.feedback.learned import LearnedSentiment, analyze_texts
from journeymap.analytics.feedback.lexicon import load_lexicon
from journeymap.analytics.feedback.sentiment import Sentiment
from journeymap.analytics.feedback.text import stem, tokenize
from journeymap.analytics.feedback.theme_dictionary import ThemeDictionary

OTHER: Final = "other"
QUOTE_LENGTH: Final = 240
_SHORT_WORD: Final = 4


@dataclass(frozen=True)
class Theme:
    """A group of feedback texts about one thing."""

    id: str
    name: str
    size: int
    """Texts in the theme."""
    share: float
    """size / texts considered (negative texts with `negative_only`)."""
    sentiment: float
    """Mean sentiment score (-1..1) of its texts."""
    quotes: list[str]
    """Representative texts: the most on-topic and most negative, shortened."""
    top_terms: list[str] = field(default_factory=list)
    """Most frequent words of its texts (beyond the keywords for `other`)."""
    touchpoint: str | None = None
    stage: str | None = None
    language: str | None = None
    scored_answers: int = 0
    """How many of its texts came with a survey score (the rest are free texts)."""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class FeedbackText:
    """A text to group, with what is known about it."""

    text: str
    language: str | None = None
    scored: bool = False


def find_themes(
    texts: Sequence[str | FeedbackText],
    *,
    language: str | None = None,
    negative_only: bool = True,
    quotes: int = 3,
    dictionary: ThemeDictionary | None = None,
    min_size: int = 1,
    model: LearnedSentiment | None = None,
) -> list[Theme]:
    """Themes of `texts`, largest first (`other` last); names in `language` (default: theirs).

    `model` (learned from scored answers, `feedback.learned`) reads the texts' sentiment with the
    lexicon; without it the lexicon alone does."""
    themes = dictionary or ThemeDictionary.default()
    items = [t if isinstance(t, FeedbackText) else FeedbackText(t) for t in texts if t]
    sentiments = analyze_texts([i.text for i in items], [i.language for i in items], model)
    analysed = list(zip(items, sentiments, strict=True))
    if negative_only:
        analysed = [(item, s) for item, s in analysed if s.label == "negative"]
    groups: dict[str, list[tuple[FeedbackText, Sentiment, int]]] = {}
    for item, sentiment in analysed:
        hits = themes.match(item.text, sentiment.language)
        theme_id = themes.primary(item.text, sentiment.language) or OTHER
        groups.setdefault(theme_id, []).append((item, sentiment, hits.get(theme_id, 0)))
    total = len(analysed)
    found: list[Theme] = []
    for theme_id, members in groups.items():
        if len(members) < min_size:
            continue
        name_language = language or _majority(s.language for _, s, _ in members)
        name = "Other" if theme_id == OTHER else themes.spec(theme_id).name(name_language)
        if theme_id == OTHER and name_language == "ru":
            name = "Другое"
        found.append(
            Theme(
                id=theme_id,
                name=name,
                size=len(members),
                share=len(members) / total,
                sentiment=sum(s.score for _, s, _ in members) / len(members),
                quotes=_quotes(members, quotes),
                top_terms=_top_terms(members),
                language=name_language,
                scored_answers=sum(1 for item, _, _ in members if item.scored),
            )
        )
    return sorted(found, key=lambda t: (t.id == OTHER, -t.size, t.id))


def _quotes(members: list[tuple[FeedbackText, Sentiment, int]], count: int) -> list[str]:
    ranked = sorted(members, key=lambda m: (-m[2], m[1].score, len(m[0].text)))
    chosen: list[str] = []
    for item, _, _ in ranked:
        quote = " ".join(item.text.split())
        if len(quote) > QUOTE_LENGTH:
            quote = quote[: QUOTE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        if quote not in chosen:
            chosen.append(quote)
        if len(chosen) == count:
            break
    return chosen


def _top_terms(members: list[tuple[FeedbackText, Sentiment, int]], count: int = 8) -> list[str]:
    """Frequent longer words (a surface form per stem), counted once per text."""
    counts: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = {}
    for item, sentiment, _ in members:
        seen: set[str] = set()
        skip = load_lexicon(sentiment.language).stopwords
        for token in tokenize(item.text):
            if token.kind != "word" or len(token.text) < _SHORT_WORD or token.text in skip:
                continue
            key = stem(token.text, sentiment.language)
            surface.setdefault(key, Counter())[token.text] += 1
            if key not in seen:
                seen.add(key)
                counts[key] += 1
    return [surface[key].most_common(1)[0][0] for key, n in counts.most_common(count) if n > 1]


def _majority(languages: Any) -> str:
    counts = Counter(languages)
    return counts.most_common(1)[0][0] if counts else "en"
