"""Ordinary phrasing a marketer types into YAML: read when unambiguous, else a line-exact error
whose hint shows the fixed line. Each case is checked in English and in Russian."""

from __future__ import annotations

import pytest

from journeymap.i18n import use_language
from journeymap.model import MapError, parse_map

MAP = """\
journeymap: 1
id: shop
title: Shop
personas:
  - id: marina
    name: Marina
stages:
  - id: interest
    name: Interest
    touchpoints: [catalog]
    emotions:
      marina: {emotion}
    kpis:
      - id: conv
        name: Conv
        target: {target}
    actions:
      {action}
touchpoints:
  - {{id: catalog, name: {touchpoint}}}
"""


def build(
    emotion: str = "1",
    target: str = "0.1",
    action: str = "- looks",
    touchpoint: str = "Catalog",
) -> str:
    return MAP.format(emotion=emotion, target=target, action=action, touchpoint=touchpoint)


def notes_of(text: str, language: str) -> list[str]:
    with use_language(language):
        return [str(note) for note in parse_map(text, filename="m.yaml").notes]


def problems_of(text: str, language: str) -> list[str]:
    with use_language(language):
        with pytest.raises(MapError) as caught:
            parse_map(text, filename="m.yaml")
        return [str(p) for p in caught.value.problems]


def test_comma_inside_parentheses_of_a_flow_mapping_stays_in_the_name() -> None:
    text = build(touchpoint="Соцсети (ВКонтакте, Telegram)")
    assert parse_map(text).model.touchpoint("catalog").name == "Соцсети (ВКонтакте, Telegram)"
    fixed = '- {id: catalog, name: "Соцсети (ВКонтакте, Telegram)"}'
    assert notes_of(text, "en") == [
        "m.yaml:20:1 a comma inside parentheses was read as part of the text "
        f"(hint: put the value in quotes to make the file plain YAML: {fixed})"
    ]
    assert notes_of(text, "ru") == [
        "m.yaml:20:1 запятая в скобках прочитана как часть текста "
        f"(подсказка: возьмите значение в кавычки, чтобы файл был обычным YAML: {fixed})"
    ]


def test_plain_list_item_with_colon_is_read_as_text() -> None:
    text = build(action="- звонит в колл-центр: уточняет сроки")
    stage = parse_map(text).model.stage("interest")
    assert stage.actions == ["звонит в колл-центр: уточняет сроки"]
    fixed = '- "звонит в колл-центр: уточняет сроки"'
    assert notes_of(text, "en") == [
        "m.yaml:18:1 list item contains ': ' and was read as text "
        f"(hint: put the item in quotes to make the file plain YAML: {fixed})"
    ]
    assert notes_of(text, "ru") == [
        "m.yaml:18:1 элемент списка содержит ': ' и прочитан как текст "
        f"(подсказка: возьмите элемент в кавычки, чтобы файл был обычным YAML: {fixed})"
    ]


def test_emphasis_that_looks_like_an_alias_is_read_as_text() -> None:
    text = build(action="- *важно* уточняет сроки")
    assert parse_map(text).model.stage("interest").actions == ["*важно* уточняет сроки"]
    fixed = '- "*важно* уточняет сроки"'
    assert notes_of(text, "en") == [
        "m.yaml:18:1 a value starting with '*' or '&' was read as text, not as a YAML alias "
        f"(hint: put the value in quotes to make the file plain YAML: {fixed})"
    ]
    assert notes_of(text, "ru") == [
        "m.yaml:18:1 значение, начинающееся с '*' или '&', прочитано как текст, а не как ссылка "
        f"(alias) YAML (подсказка: возьмите значение в кавычки, чтобы файл был обычным YAML: "
        f"{fixed})"
    ]


def test_a_defined_alias_still_works() -> None:
    text = build(action="- &first looks\n      - *first")
    assert parse_map(text).model.stage("interest").actions == ["looks", "looks"]
    assert notes_of(text, "en") == []


@pytest.mark.parametrize(("written", "share"), [("25%", 0.25), ("12,5 %", 0.125), ("0.3", 0.3)])
def test_percent_target_is_read_as_a_share(written: str, share: float) -> None:
    for language in ("en", "ru"):
        text = build(target=written)
        assert parse_map(text).model.stage("interest").kpis[0].target == pytest.approx(share)
        assert notes_of(text, language) == []


def test_a_target_that_is_no_number_names_its_line_in_both_languages() -> None:
    text = build(target="много")
    assert problems_of(text, "en") == [
        "m.yaml:16:17 stages[0].kpis[0].target: 'много' is not a number"
    ]
    assert problems_of(text, "ru") == [
        "m.yaml:16:17 stages[0].kpis[0].target: 'много': ожидается число"
    ]


def test_word_emotion_is_read_as_label_and_asks_for_the_number() -> None:
    text = build(emotion="вдохновение")
    assert problems_of(text, "en") == [
        "m.yaml:12:15 stages[0].emotions.marina: 'вдохновение' is a word, not a score: it is "
        "read as the label, and the score is missing (hint: add a score on the -2..+2 scale "
        "(-2 very negative, 0 neutral, +2 very positive); 'вдохновение' usually means +2: "
        "marina: {score: +2, label: вдохновение})"
    ]
    assert problems_of(text, "ru") == [
        "m.yaml:12:15 stages[0].emotions.marina: 'вдохновение' — слово, а не оценка: оно "
        "прочитано как подпись (label), а оценки нет (подсказка: добавьте оценку по шкале "
        "-2..+2 (-2 очень плохо, 0 нейтрально, +2 очень хорошо); 'вдохновение' обычно "
        "означает +2: marina: {score: +2, label: вдохновение})"
    ]
    # the suggested line loads
    fixed = build(emotion="{score: +2, label: вдохновение}")
    assert parse_map(fixed).model.stage("interest").emotions["marina"].label == "вдохновение"


@pytest.mark.parametrize(
    ("word", "suggested"), [("тревога", "-1"), ("не доволен", "-1"), ("frustrated", "-2")]
)
def test_word_emotion_suggests_a_number_that_fits_the_word(word: str, suggested: str) -> None:
    (problem,) = problems_of(build(emotion=word), "en")
    assert f"marina: {{score: {suggested}, label: {word}}}" in problem


def test_unknown_word_emotion_still_shows_the_scale() -> None:
    (problem,) = problems_of(build(emotion="хм"), "en")
    assert "(-2 very negative, 0 neutral, +2 very positive): marina: {score: 0, label: хм}" in (
        problem
    )


def test_unclosed_quote_points_at_its_line_with_the_closed_line() -> None:
    text = build(action='- "звонит в колл-центр\n      - looks')
    assert problems_of(text, "en") == [
        "m.yaml:18:1 a quote opened on this line is never closed (hint: close the quote: "
        '- "звонит в колл-центр")'
    ]
    assert problems_of(text, "ru") == [
        "m.yaml:18:1 кавычка, открытая в этой строке, нигде не закрыта (подсказка: закройте "
        'кавычку: - "звонит в колл-центр")'
    ]


def test_text_of_a_block_scalar_is_never_rewritten() -> None:
    text = build(action="- |\n        {id: x, name: Соцсети (ВКонтакте, Telegram)}")
    stage = parse_map(text).model.stage("interest")
    assert stage.actions == ["{id: x, name: Соцсети (ВКонтакте, Telegram)}"]
    assert notes_of(text, "en") == []
