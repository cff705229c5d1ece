"""Themes found by clustering: labelled by top terms, quoted near the centroid, deterministic."""

from __future__ import annotations

import pytest

from journeymap.analytics.feedback.discovery import default_theme_count, discover_themes
from journeymap.analytics.feedback.themes import find_themes

CARD = [
    "Заблокировали карту без объяснения причин, ужасно",
    "Карту заблокировали прямо в магазине, позор",
    "Опять блокировка карты, деньги недоступны уже неделю",
    "Банк заблокировал карту и никто не может объяснить почему",
    "Карта заблокирована второй раз за месяц, это возмутительно",
    "Блокировка карты при оплате за границей, ужасный банк",
    "Заблокированная карта и потерянный день, кошмар",
    "Снова заблокировали карту после перевода, плохо",
    "Карту заблокировали из-за подозрительной операции, отвратительно",
    "Мне заблокировали карту и не отвечают, безобразие",
]
LOAN = [
    "Навязали страховку к кредиту, ужасно",
    "Страховку включили в кредит без спроса, позор",
    "Кредит оформили со страховкой, которую я не просил, отвратительно",
    "Отказаться от страховки по кредиту невозможно, кошмар",
    "В кредитный договор вписали страховку, это обман",
    "Страховка по кредиту стоит как половина кредита, ужасно",
    "Без страховки кредит не дают, возмутительно",
    "Вернуть деньги за страховку по кредиту не получается, плохо",
    "Менеджер скрыл страховку в кредите, отвратительно",
    "Кредит с навязанной страховкой, никогда больше, позор",
]
INTERNET = [
    "Мобильный интернет очень медленный, ужасная связь",
    "Интернет пропадает каждый вечер, связь плохая",
    "Скорость интернета упала в десять раз, отвратительно",
    "Интернет не работает второй день, связь ужасная",
    "Медленный интернет за такие деньги, позор",
    "Связь обрывается и интернет пропадает, плохо",
    "Интернет тормозит даже ночью, ужасная скорость",
    "Нет интернета в метро, связь отвратительная",
    "Скорость интернета ниже заявленной, кошмар",
    "Интернет постоянно пропадает, связь плохая",
]
TEXTS = CARD + LOAN + INTERNET


def test_themes_follow_the_texts_and_are_labelled_by_their_terms() -> None:
    found = discover_themes(TEXTS, k=3)
    assert len(found.themes) == 3
    topics = {
        ("карт", "заблокир", "блокир"): set(CARD),
        ("кредит", "страхов"): set(LOAN),
        ("интернет", "связ", "скорост"): set(INTERNET),
    }
    named = set()
    for theme in found.themes:
        texts = {TEXTS[i] for i in theme.members}
        words = next(w for w in topics if any(t.startswith(w) for t in theme.terms[:2]))
        # each theme is (nearly) one topic, and is named by the topic's words
        assert len(texts & topics[words]) >= 0.8 * len(texts)
        assert len(texts & topics[words]) >= 8
        named.add(words)
    assert len(named) == 3
    assert [found.assignments.count(i) for i in range(3)] == [len(t.members) for t in found.themes]


def test_quotes_are_the_texts_closest_to_the_centroid() -> None:
    found = discover_themes(TEXTS, k=3)
    for theme in found.themes:
        first = theme.members[0]
        assert found.assignments[first] == found.themes.index(theme)
        # the first member shares the theme's top term
        assert any(term[:5] in TEXTS[first].lower() for term in theme.terms[:2])


def test_the_same_texts_give_the_same_themes() -> None:
    first = discover_themes(TEXTS)
    second = discover_themes(list(TEXTS))
    assert first == second


def test_too_few_texts_give_no_themes() -> None:
    found = discover_themes(TEXTS[:5])
    assert (found.themes, found.assignments) == ([], [-1] * 5)


@pytest.mark.parametrize(("texts", "k"), [(20, 2), (60, 3), (200, 6), (5000, 10)])
def test_default_theme_count(texts: int, k: int) -> None:
    assert default_theme_count(texts) == k


def test_auto_clusters_when_the_dictionary_does_not_know_the_domain() -> None:
    dictionary = find_themes(TEXTS, method="dictionary")
    other = next(t for t in dictionary if t.id == "other")
    assert other.size / len(TEXTS) > 0.5  # a bank and a telecom: mostly unplaced
    themes = find_themes(TEXTS, clusters=3)  # auto
    assert {t.method for t in themes} == {"clusters"}
    assert sum(t.size for t in themes) == sum(t.size for t in dictionary)  # every negative text
    named = [t for t in themes if t.id != "other"]
    assert all(" / " in t.name and len(t.quotes) == 3 for t in named)
    assert all(q in TEXTS for t in named for q in t.quotes)


def test_auto_keeps_the_dictionary_where_it_covers_the_texts() -> None:
    late = [f"Flight {n} was delayed for {n} hours, terrible" for n in range(2, 30)]
    themes = find_themes(late)
    assert {t.method for t in themes} == {"dictionary"}
    with pytest.raises(ValueError, match="unknown theme method"):
        find_themes(late, method="magic")
