"""Sentiment lexicons shipped with journeymap (`lexicons/en.yaml`, `lexicons/ru.yaml`).

Each file lists words by polarity and strength, multi-word phrases with a weight, negators,
intensifiers, diminishers and contrast words ("but"). Words are compared by Snowball stem, so a
file lists one form of a word. See docs/feedback.md for the format and how to extend it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Final

from ruamel.yaml import YAML

from journeymap.analytics.feedback.text import LANGUAGES, stem
from journeymap.i18n import gettext as _

STRENGTHS: Final = {"strong": 2.0, "mild": 1.0}


@dataclass(frozen=True)
class Lexicon:
    """The sentiment vocabulary of one language, keyed by stem."""

    language: str
    weights: dict[str, float]
    """Stem -> weight (positive > 0, negative < 0)."""
    exact: dict[str, float]
    """Lower-case word -> weight, for words listed with a trailing `=` (matched as written)."""
    phrases: dict[tuple[str, ...], float]
    """Stems of a multi-word phrase -> its weight (0 = the words carry no sentiment together)."""
    negators: frozenset[str]
    intensifiers: dict[str, float]
    """Lower-case word -> factor (> 1 boosts, < 1 softens the next sentiment word)."""
    contrast: frozenset[str]
    stopwords: frozenset[str]
    """Words too common to name a theme."""

    def weight(self, word: str, word_stem: str) -> float | None:
        """The weight of a word (as written first, then by stem), None when not listed."""
        if word in self.exact:
            return self.exact[word]
        return self.weights.get(word_stem)

    @property
    def longest_phrase(self) -> int:
        return max((len(p) for p in self.phrases), default=1)


def load_lexicon(language: str) -> Lexicon:
    """The shipped lexicon for `en` or `ru` (read once, then cached)."""
    if language not in LANGUAGES:
        raise ValueError(
            _(
                "no sentiment lexicon for {language!r}; available: {languages}",
                language=language,
                languages=", ".join(LANGUAGES),
            )
        )
    return _load(language)


def conflicts(data: dict[str, Any], language: str) -> list[str]:
    """Stems listed with both polarities in a lexicon file (a mistake in the file)."""
    signs: dict[str, set[int]] = {}
    for polarity, sign in (("positive", 1), ("negative", -1)):
        for words in data[polarity].values():
            for word in map(str, words):
                key = word if word.endswith("=") else stem(word, language)
                signs.setdefault(key, set()).add(sign)
    return sorted(s for s, found in signs.items() if len(found) > 1)


def read_lexicon_file(language: str) -> dict[str, Any]:
    source = resources.files("journeymap.analytics.feedback") / "lexicons" / f"{language}.yaml"
    loaded: dict[str, Any] = YAML(typ="safe").load(source.read_text(encoding="utf-8"))
    return loaded


@lru_cache(maxsize=len(LANGUAGES))
def _load(language: str) -> Lexicon:
    data = read_lexicon_file(language)
    weights: dict[str, float] = {}
    exact: dict[str, float] = {}
    for polarity, sign in (("positive", 1.0), ("negative", -1.0)):
        for strength, words in data[polarity].items():
            for word in map(str, words):
                if word.endswith("="):
                    exact[word[:-1]] = sign * STRENGTHS[strength]
                    continue
                key = stem(word, language)
                # A stronger listing wins when two forms share a stem.
                if abs(weights.get(key, 0.0)) < STRENGTHS[strength]:
                    weights[key] = sign * STRENGTHS[strength]
    phrases = {
        tuple(stem(w, language) for w in str(phrase).lower().split()): float(weight)
        for phrase, weight in (data.get("phrases") or {}).items()
    }
    intensifiers = {str(w): float(f) for w, f in (data.get("intensifiers") or {}).items()}
    intensifiers |= {str(w): float(f) for w, f in (data.get("diminishers") or {}).items()}
    return Lexicon(
        language=language,
        weights=weights,
        exact=exact,
        phrases=phrases,
        negators=frozenset(str(w) for w in data.get("negators") or ()),
        intensifiers=intensifiers,
        contrast=frozenset(str(w) for w in data.get("contrast") or ()),
        stopwords=frozenset(str(w) for w in data.get("stopwords") or ()),
    )
