"""The bilingual theme dictionary (`lexicons/themes.yaml`): what a piece of feedback is about.

A theme has an id, a name per language and keywords per language (words or phrases, compared by
Snowball stem). `ThemeDictionary.match(text)` counts the keyword hits of every theme.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
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
        hits: Counter[str] = Counter()
        for theme in self.themes:
            keywords = theme.keywords.get(lang, frozenset())
            for size in {len(k) for k in keywords}:
                for i in range(len(stems) - size + 1):
                    if tuple(stems[i : i + size]) in keywords:
                        hits[theme.id] += 1
        return hits

    def primary(self, text: str, language: str | None = None) -> str | None:
        """The theme with the most hits (the first listed on a tie), None without any hit."""
        hits = self.match(text, language)
        if not hits:
            return None
        order = {t.id: i for i, t in enumerate(self.themes)}
        return min(hits, key=lambda theme_id: (-hits[theme_id], order[theme_id]))


def _stems(keyword: str, language: str) -> tuple[str, ...]:
    if keyword == "$":
        return ("$",)
    words = [t.text for t in tokenize(keyword) if t.kind == "word"]
    return tuple(stem(w, language) for w in words)


@lru_cache(maxsize=1)
def _default() -> ThemeDictionary:
    source = resources.files("journeymap.analytics.feedback") / "lexicons" / "themes.yaml"
    return ThemeDictionary.from_data(YAML(typ="safe").load(source.read_text(encoding="utf-8")))
