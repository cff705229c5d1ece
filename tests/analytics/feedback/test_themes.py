"""Themes of negative feedback with quotes, and the bilingual theme dictionary."""

from __future__ import annotations

from journeymap.analytics.feedback.theme_dictionary import ThemeDictionary
from journeymap.analytics.feedback.themes import OTHER, find_themes

TEXTS = [
    "My flight was delayed for 4 hours, terrible",
    "Delayed again, awful",
    "Late flight and nobody told us, horrible",
    "They lost my luggage, worst airline",
    "Lost bag, still no answer. Terrible",
    "Great crew, thank you!",
    "Рейс задержали на три часа, ужасно",
    "Хамство персонала, ужасное обслуживание",
    "the wallpaper pattern was horrible",
]


def test_negative_texts_grouped_with_sizes_shares_and_quotes() -> None:
    themes = {t.id: t for t in find_themes(TEXTS, language="en")}
    assert themes["delay"].size == 4
    assert themes["luggage"].size == 2
    assert themes["staff"].size == 1
    assert themes[OTHER].size == 1
    assert sum(t.size for t in themes.values()) == 8  # the positive text is left out
    assert abs(sum(t.share for t in themes.values()) - 1) < 1e-9
    assert all(t.sentiment < 0 for t in themes.values())
    assert len(themes["delay"].quotes) == 3
    assert set(themes["delay"].quotes) <= set(TEXTS)
    assert list(themes)[-1] == OTHER


def test_theme_names_follow_the_language() -> None:
    russian = find_themes(["Рейс задержали, ужасно", "Долго ждали, кошмар"], language="ru")
    assert [(t.id, t.name) for t in russian] == [("delay", "Задержки и ожидание")]


def test_all_texts_when_not_negative_only() -> None:
    themes = find_themes(TEXTS, negative_only=False)
    assert sum(t.size for t in themes) == len(TEXTS)


def test_dictionary_matches_stems_and_phrases() -> None:
    themes = ThemeDictionary.default()
    assert themes.primary("Официанты забыли наш заказ", "ru") == "staff"
    assert themes.primary("The seats were cramped and the wifi was down") == "comfort"
    assert themes.primary("I was on hold for an hour") == "support"
    assert themes.primary("Nothing to see here") is None


def test_custom_dictionary_from_data() -> None:
    custom = ThemeDictionary.from_data(
        {"themes": [{"id": "seeds", "name": {"en": "Seeds"}, "keywords": {"en": ["sprout"]}}]}
    )
    assert custom.primary("none of the seeds sprouted") == "seeds"


def _hits_theme_by_theme(themes: ThemeDictionary, text: str, language: str) -> dict[str, int]:
    """Keyword hits counted the plain way, each theme's keywords slid over the stems in turn
    (what `match` counted before it looked every window up once in one index)."""
    from journeymap.analytics.feedback.text import stem, tokenize

    stems = [stem(t.text, language) for t in tokenize(text) if t.kind == "word"]
    if "$" in text:
        stems.append("$")
    hits: dict[str, int] = {}
    for theme in themes.themes:
        keywords = theme.keywords.get(language, frozenset())
        for size in {len(k) for k in keywords}:
            for i in range(len(stems) - size + 1):
                if tuple(stems[i : i + size]) in keywords:
                    hits[theme.id] = hits.get(theme.id, 0) + 1
    return hits


def test_match_counts_every_themes_hits_as_theme_by_theme() -> None:
    themes = ThemeDictionary.default()
    shared = ThemeDictionary.from_data(
        {
            "themes": [
                {"id": "a", "keywords": {"en": ["late", "no answer"]}},
                {"id": "b", "keywords": {"en": ["late", "lost bag", "$"]}},
            ]
        }
    )
    texts = [*TEXTS, "Late, late and a lost bag: $40 and no answer", "Опоздали, опоздали!"]
    for dictionary in (themes, shared):
        for text in texts:
            for language in ("en", "ru"):
                hits = dictionary.match(text, language)
                assert dict(hits) == _hits_theme_by_theme(dictionary, text, language)
                order = [t.id for t in dictionary.themes]
                assert list(hits) == [i for i in order if i in hits]
                assert dictionary.primary(text, language) == dictionary.primary_of(hits)
    assert shared.match("late, lost bag and $5", "en") == {"a": 1, "b": 3}
    assert shared.primary("late, lost bag and $5", "en") == "b"
    assert shared.primary("late", "en") == "a"  # a tie goes to the theme listed first
