"""Themes of feedback texts: what the (negative) answers are about, with representative quotes.

Each text gets the sentiment of `journeymap.analytics.feedback.sentiment` and the primary theme
of the theme dictionary (most keyword hits). Texts with no keyword form the theme `other`, whose
`top_terms` show what the dictionary misses. With `negative_only` (the default) only negative
texts are grouped, so the themes say what hurts.

`method="auto"` (the default) switches to themes found in the texts themselves
(`discovery.discover_themes`: TF-IDF + NMF, labelled by top terms, quoted by the texts closest
to the centroid) when the dictionary places fewer than `MIN_COVERAGE` of at least
`discovery.MIN_TEXTS` texts: the domain is one the dictionary does not know. `"dictionary"` and
`"clusters"` force one or the other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from journeymap.analytics.feedback.discovery import MIN_TEXTS, discover_themes
from journeymap.analytics.feedback.learned import LearnedSentiment, analyze_texts
from journeymap.analytics.feedback.lexicon import load_lexicon
from journeymap.analytics.feedback.sentiment import Sentiment
from journeymap.analytics.feedback.text import stem, tokenize
from journeymap.analytics.feedback.theme_dictionary import ThemeDictionary
from journeymap.i18n import gettext as _

OTHER: Final = "other"
QUOTE_LENGTH: Final = 240
THEME_METHODS: Final = ("auto", "dictionary", "clusters")
MIN_COVERAGE: Final = 0.5
"""`auto` clusters when the dictionary places fewer than half of the texts."""
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
    method: str = "dictionary"
    """`dictionary` (a named theme of the dictionary) or `clusters` (found in the texts; the
    name is its top terms)."""

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
    method: str = "auto",
    clusters: int | None = None,
) -> list[Theme]:
    """Themes of `texts`, largest first (`other` last); names in `language` (default: theirs).

    `model` (learned from scored answers, `feedback.learned`) reads the texts' sentiment with the
    lexicon; without it the lexicon alone does. `method` is one of `THEME_METHODS` (see the
    module docs); `clusters` sets the number of clustered themes (default: by the text count)."""
    if method not in THEME_METHODS:
        raise ValueError(
            _(
                "unknown theme method {method}; use {methods}",
                method=repr(method),
                methods=", ".join(THEME_METHODS),
            )
        )
    themes = dictionary or ThemeDictionary.default()
    items = [t if isinstance(t, FeedbackText) else FeedbackText(t) for t in texts if t]
    sentiments = analyze_texts([i.text for i in items], [i.language for i in items], model)
    analysed = list(zip(items, sentiments, strict=True))
    if negative_only:
        analysed = [(item, s) for item, s in analysed if s.label == "negative"]
    groups: dict[str, list[tuple[FeedbackText, Sentiment, int]]] = {}
    for item, sentiment in analysed:
        hits = themes.match(item.text, sentiment.language)
        theme_id = themes.primary_of(hits) or OTHER
        groups.setdefault(theme_id, []).append((item, sentiment, hits.get(theme_id, 0)))
    total = len(analysed)
    if _use_clusters(method, total, len(groups.get(OTHER, ()))):
        clustered = _clustered(analysed, language, quotes, min_size, clusters)
        if clustered:
            return clustered
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


def _use_clusters(method: str, total: int, unplaced: int) -> bool:
    if method != "auto":
        return method == "clusters"
    return total >= MIN_TEXTS and (total - unplaced) / total < MIN_COVERAGE


def _clustered(
    analysed: list[tuple[FeedbackText, Sentiment]],
    language: str | None,
    quotes: int,
    min_size: int,
    clusters: int | None,
) -> list[Theme]:
    """Themes found by `discover_themes`, texts it cannot place as `other`; [] if none found."""
    found = discover_themes(
        [item.text for item, _ in analysed], [s.language for _, s in analysed], k=clusters
    )
    if not found.themes:
        return []
    members = [[analysed[i] for i in theme.members] for theme in found.themes]
    unassigned = [analysed[i] for i, a in enumerate(found.assignments) if a < 0]
    named = [
        (f"cluster-{n}", theme.label, theme.terms, m)
        for n, (theme, m) in enumerate(zip(found.themes, members, strict=True), start=1)
    ]
    if unassigned:
        named.append((OTHER, "", [], unassigned))
    out: list[Theme] = []
    for theme_id, label, terms, group in named:
        if len(group) < min_size:
            continue
        name_language = language or _majority(s.language for _, s in group)
        ranked = [(item, s, len(group) - rank) for rank, (item, s) in enumerate(group)]
        out.append(
            Theme(
                id=theme_id,
                name=label or ("Другое" if name_language == "ru" else "Other"),
                size=len(group),
                share=len(group) / len(analysed),
                sentiment=sum(s.score for _, s in group) / len(group),
                quotes=_quotes(ranked, quotes, centrality=True),
                top_terms=terms or _top_terms(ranked),
                language=name_language,
                scored_answers=sum(1 for item, _ in group if item.scored),
                method="clusters",
            )
        )
    return sorted(out, key=lambda t: (t.id == OTHER, -t.size, t.id))


def _quotes(
    members: list[tuple[FeedbackText, Sentiment, int]], count: int, *, centrality: bool = False
) -> list[str]:
    """Most on-topic first (keyword hits, or closeness to the centroid with `centrality`), then
    most negative, then shortest."""
    if centrality:
        ranked = sorted(members, key=lambda m: -m[2])
    else:
        ranked = sorted(members, key=lambda m: (-m[2], m[1].score, len(m[0].text)))
    chosen: list[str] = []
    for item, _sentiment, _rank in ranked:
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
    for item, sentiment, _rank in members:
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
