"""Themes found in the texts themselves: TF-IDF over Snowball stems, then NMF (scikit-learn).

A fixed dictionary knows airlines and restaurants; a bank's or a telecom's complaints land in
`other`. `discover_themes(texts)` groups texts by the words they share instead:

- each text becomes its Snowball stems (Russian and English, `text.stem`), without stop words
  (the `stop-words` package's lists, shipped in its wheel, and the lexicon's) and words shorter
  than 3 letters, weighted by TF-IDF (sublinear term
  frequency; stems in fewer than 2 texts or in more than half of them are left out);
- NMF (non-negative matrix factorisation, `init="nndsvd"`, deterministic; `seed` fixes the
  rest) splits them into `k` themes; each text goes to its strongest theme, texts sharing no
  kept stem with any other stay unassigned (`-1`);
- a theme is labelled by its top terms (the component's heaviest stems, each shown in its most
  frequent written form) and shown with the texts closest to its centroid (cosine).

`k` defaults to `default_theme_count(n)`: round(sqrt(n / 5)) clipped to 2..10 (60 texts: 3,
200: 6, 500 and more: 10). Nothing is downloaded; the same texts give the same themes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import sqrt
from typing import Any, Final

from journeymap.analytics.feedback.lexicon import load_lexicon
from journeymap.analytics.feedback.text import detect_language, stem, tokenize

MIN_TEXTS: Final = 20
"""Fewer texts than this are not clustered (too few shared words to find themes in)."""
_MIN_WORD: Final = 3
_SAME_WORD: Final = 5
_EMOTION: Final = 2.0
"""Lexicon words this strong (either sign) are left out: they name a feeling, not a topic."""
_LABEL_TERMS: Final = 3


@dataclass(frozen=True)
class DiscoveredTheme:
    terms: list[str]
    """Top terms, heaviest first (written forms)."""
    members: list[int]
    """Indices of its texts, closest to the centroid first."""

    @property
    def label(self) -> str:
        return " / ".join(self.terms[:_LABEL_TERMS])


@dataclass(frozen=True)
class Discovery:
    themes: list[DiscoveredTheme]
    """Largest first."""
    assignments: list[int]
    """Per text: the index of its theme in `themes`, or -1 (unassigned)."""


def default_theme_count(texts: int) -> int:
    return max(2, min(10, round(sqrt(texts / 5))))


def discover_themes(
    texts: Sequence[str],
    languages: Sequence[str | None] | None = None,
    *,
    k: int | None = None,
    seed: int = 0,
    terms: int = 8,
) -> Discovery:
    """Themes of `texts` (see the module docs); empty when there are too few texts or words."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < MIN_TEXTS:
        return Discovery([], [-1] * len(texts))
    langs = [
        (languages[i] if languages and languages[i] else None) or detect_language(t)
        for i, t in enumerate(texts)
    ]
    surfaces: dict[str, Counter[str]] = {}
    documents = [_stems(t, language, surfaces) for t, language in zip(texts, langs, strict=True)]
    vectorizer = TfidfVectorizer(analyzer=_identity, min_df=2, max_df=0.5, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # no stem left after the document-frequency cuts
        return Discovery([], [-1] * len(texts))
    vocabulary = vectorizer.get_feature_names_out()
    count = min(k or default_theme_count(len(texts)), matrix.shape[1], len(texts))
    if count < 2:
        return Discovery([], [-1] * len(texts))
    model = NMF(n_components=count, init="nndsvd", random_state=seed, max_iter=400)
    weights = model.fit_transform(matrix)
    raw = [int(row.argmax()) if row.max() > 0 else -1 for row in weights]
    groups: dict[int, list[int]] = {}
    for index, component in enumerate(raw):
        if component >= 0:
            groups.setdefault(component, []).append(index)
    order = sorted(groups, key=lambda c: (-len(groups[c]), c))
    themes = [
        DiscoveredTheme(
            terms=_top_terms(model.components_[c], vocabulary, surfaces, terms),
            members=_by_centrality(matrix, groups[c]),
        )
        for c in order
    ]
    position = {c: i for i, c in enumerate(order)}
    return Discovery(themes, [position.get(c, -1) for c in raw])


def _identity(document: list[str]) -> list[str]:
    return document


@lru_cache(maxsize=4)
def _stop_words(language: str) -> frozenset[str]:
    """The `stop-words` package's list (shipped in its wheel) and the lexicon's own."""
    from stop_words import get_stop_words  # type: ignore[import-untyped]  # untyped package

    listed = {str(w).lower().replace("ё", "е") for w in get_stop_words(language)}
    return frozenset(listed | load_lexicon(language).stopwords)


def document_stems(text: str, language: str) -> list[str]:
    """The stems `discover_themes` clusters `text` by (stop and emotion words left out)."""
    return _stems(text, language, {})


def _stems(text: str, language: str, surfaces: dict[str, Counter[str]]) -> list[str]:
    skip = _stop_words(language)
    lexicon = load_lexicon(language)
    out = []
    for token in tokenize(text):
        if token.kind != "word" or len(token.text) < _MIN_WORD or token.text in skip:
            continue
        key = stem(token.text, language)
        if abs(lexicon.weight(token.text, key) or 0) >= _EMOTION:
            continue  # "ужасно", "worst" say how it felt, not what it was about
        surfaces.setdefault(key, Counter())[token.text] += 1
        out.append(key)
    return out


def _top_terms(
    component: Any, vocabulary: Any, surfaces: dict[str, Counter[str]], count: int
) -> list[str]:
    """The heaviest stems' written forms; a form sharing its first letters with a heavier one
    is skipped (Snowball splits "кредит" and "кредиту" into two stems)."""
    heaviest = sorted(range(len(component)), key=lambda j: (-component[j], vocabulary[j]))
    terms: list[str] = []
    for j in heaviest:
        if component[j] <= 0 or len(terms) == count:
            break
        word = surfaces[str(vocabulary[j])].most_common(1)[0][0]
        if not any(word[:_SAME_WORD] == t[:_SAME_WORD] for t in terms):
            terms.append(word)
    return terms


def _by_centrality(matrix: Any, members: list[int]) -> list[int]:
    """Members sorted by cosine similarity to their mean (the rows are L2-normalised)."""
    import numpy as np

    rows = matrix[members]
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid)) or 1.0
    similarity = np.asarray(rows @ (centroid / norm)).ravel()
    ranked = sorted(range(len(members)), key=lambda i: (-similarity[i], members[i]))
    return [members[i] for i in ranked]
