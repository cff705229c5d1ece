"""The bilingual theme dictionary (`lexicons/themes.yaml`): what a piece of feedback is about.

A theme has an id, a name per language and keywords per language (words or phrases, compared by
Snowball stem). `ThemeDictionary.match(text)` counts the keyword hits of every theme.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from journeymap.analytics.feedback.text import LANGUAGES, detect_language, stem, tokenize
from journeymap.i18n import gettext as _


@dataclass(frozen=True)
class ThemeSpec:
    """One theme of the dictionary."""

    id: str
    names: dict[str, str]
    keywords: dict[str, frozenset[tuple[str, ...]]]
    """Language -> stem sequences (one stem for a word, several for a phrase)."""

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get("en") or self.id


@dataclass(frozen=True)
class ThemeDictionary:
    themes: tuple[ThemeSpec, ...]

    @classmethod
    def default(cls) -> ThemeDictionary:
        """The dictionary shipped with journeymap."""
        return _default()

    @classmethod
    def from_file(cls, path: str | Path) -> ThemeDictionary:
        return cls.from_data(YAML(typ="safe").load(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ThemeDictionary:
        themes = []
        for entry in data["themes"]:
            keywords = {
                lang: frozenset(_stems(str(word), lang) for word in words)
                for lang, words in (entry.get("keywords") or {}).items()
                if lang in LANGUAGES
            }
            names = {str(k): str(v) for k, v in (entry.get("name") or {}).items()}
            themes.append(ThemeSpec(str(entry["id"]), names, keywords))
        return cls(tuple(themes))

    def spec(self, theme_id: str) -> ThemeSpec:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(_("no theme {theme_id!r}", theme_id=theme_id))

    def match(self, text: str, language: str | None = None) -> Counter[str]:
        """Keyword hits per theme id in `text` (themes without hits are absent)."""
        lang = language if language in LANGUAGES else detect_language(text)
        stems = [stem(t.text, lang) for t in tokenize(text) if t.kind == "word"]
        if "$" in text:
            stems.append("$")
        sizes, themes_of = self._indexes[lang]
        counts: dict[str, int] = {}
        for size in sizes:
            for i in range(len(stems) - size + 1):
                for theme_id in themes_of.get(tuple(stems[i : i + size]), ()):
                    counts[theme_id] = counts.get(theme_id, 0) + 1
        # in the dictionary's order, as counting theme by theme gave them
        return Counter({t.id: counts[t.id] for t in self.themes if t.id in counts})

    def primary(self, text: str, language: str | None = None) -> str | None:
        """The theme with the most hits (the first listed on a tie), None without any hit."""
        return self.primary_of(self.match(text, language))

    def primary_of(self, hits: Counter[str]) -> str | None:
        """`primary` from the hits `match` counted (so a text is matched once, not twice)."""
        if not hits:
            return None
        return min(hits, key=lambda theme_id: (-hits[theme_id], self._order[theme_id]))

    @cached_property
    def _order(self) -> dict[str, int]:
        return {t.id: i for i, t in enumerate(self.themes)}

    @cached_property
    def _indexes(self) -> dict[str, KeywordIndex]:
        return {language: _keyword_index(self.themes, language) for language in LANGUAGES}


KeywordIndex = tuple[list[int], dict[tuple[str, ...], list[str]]]
"""(the keyword lengths in stems, keyword -> the ids of the themes listing it) of a language:
one pass over a text's stems finds every theme's hits."""


def _keyword_index(themes: tuple[ThemeSpec, ...], language: str) -> KeywordIndex:
    themes_of: dict[tuple[str, ...], list[str]] = {}
    for theme in themes:
        for keyword in theme.keywords.get(language, frozenset()):
            themes_of.setdefault(keyword, []).append(theme.id)
    return sorted({len(k) for k in themes_of}), themes_of


def _stems(keyword: str, language: str) -> tuple[str, ...]:
    if keyword == "$":
        return ("$",)
    words = [t.text for t in tokenize(keyword) if t.kind == "word"]
    return tuple(stem(w, language) for w in words)


@lru_cache(maxsize=1)
def _default() -> ThemeDictionary:
    source = resources.files("journeymap.analytics.feedback") / "lexicons" / "themes.yaml"
    return ThemeDictionary.from_data(YAML(typ="safe").load(source.read_text(encoding="utf-8")))
