"""A KPI `measure` that cannot mean anything fails `validate` at its line, with a hint that shows
the fixed measure, in English and Russian; lint suggests a measure that fits the KPI's name."""

from __future__ import annotations

import pytest

from journeymap.i18n import use_language
from journeymap.lint.measure_suggestion import suggest_measure
from journeymap.model import MapError, parse_map

MAP = """\
journeymap: 1
id: furniture
title: Furniture
stages:
  - id: choice
    name: Выбор
    touchpoints: [showroom, site]
    kpis:
      - id: k
        name: {name}
        measure: {measure}
  - id: order
    name: Заказ
    touchpoints: [contract]
touchpoints:
  - {{id: showroom, name: Шоурум}}
  - {{id: site, name: Сайт}}
  - {{id: contract, name: Договор}}
"""


def problems(measure: str, language: str) -> list[str]:
    with use_language(language):
        with pytest.raises(MapError) as caught:
            parse_map(MAP.format(name="Conversion", measure=measure), filename="m.yaml")
        return [str(p) for p in caught.value.problems]


def test_one_operand_where_two_are_needed_fails_at_its_line() -> None:
    assert problems('"conversion(showroom)"', "en") == [
        "m.yaml:11:18 stages[0].kpis[0].measure: conversion takes conversion(A -> B), not "
        "'conversion(showroom)' (hint: write measure: conversion(showroom -> B))"
    ]
    assert problems('"conversion(showroom)"', "ru") == [
        "m.yaml:11:18 stages[0].kpis[0].measure: conversion записывается как "
        "conversion(A -> B), а не 'conversion(showroom)' (подсказка: напишите measure: "
        "conversion(showroom -> B))"
    ]


def test_unknown_function_and_no_call_fail() -> None:
    (unknown,) = problems('"median(showroom -> site)"', "en")
    assert "unknown measure function 'median'" in unknown
    assert "functions: conversion, median_time" in unknown
    (shapeless,) = problems('"showroom -> site"', "ru")
    assert "не имеет вида функция(аргументы)" in shapeless


def test_unknown_ids_fail_with_the_closest_id_in_the_hint() -> None:
    assert problems('"conversion(touchpoint:showrom -> site)"', "en") == [
        "m.yaml:11:9 stages[0].kpis[0].measure: measure names 'showrom', which is no id of the "
        "map (hint: write measure: conversion(touchpoint:showroom -> site))"
    ]
    (survey,) = problems('"nps(Order Completed)"', "ru")
    assert "measure называет 'Order Completed', а такого id в карте нет" in survey
    assert "id в карте: showroom, site, contract, choice, order" in survey


@pytest.mark.parametrize(
    "measure",
    [
        "conversion(showroom -> contract)",
        "abandonment(site -> contract)",
        "nps(showroom)",
        "csat(choice)",
        "ces(stage:order)",
        "rate(Order Completed)",
    ],
)
def test_good_measures_load(measure: str) -> None:
    journey = parse_map(MAP.format(name="K", measure=f'"{measure}"')).model
    assert journey.stages[0].kpis[0].measure == measure


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("NPS", "nps(showroom)"),
        ("Индекс лояльности NPS", "nps(showroom)"),
        ("Удовлетворённость (CSAT)", "csat(showroom)"),
        ("Customer effort", "ces(showroom)"),
        ("Доля брошенных корзин", "abandonment(showroom -> site)"),
        ("Повторные покупки", "repeat_rate(site)"),
        ("Время до договора", "median_time(showroom -> site)"),
        ("Process speed", "median_time(showroom -> site)"),
        ("Переход в договор", "conversion(showroom -> site)"),
    ],
)
def test_lint_suggests_a_measure_that_fits_the_name(name: str, suggested: str) -> None:
    journey = parse_map(MAP.format(name=name, measure="null")).model
    assert suggest_measure(name, journey.stages[0], journey) == suggested


def test_lint_hint_names_the_suggested_measure_in_both_languages(tmp_path: object) -> None:
    from pathlib import Path

    from journeymap.lint import lint_paths

    file = Path(str(tmp_path)) / "map.yaml"
    file.write_text(MAP.format(name="NPS", measure="null"), encoding="utf-8")
    for language, expected in (
        ("en", "add `measure: nps(showroom)` (a measure that fits the name)"),
        ("ru", "добавьте `measure: nps(showroom)` (измерение, подходящее к названию)"),
    ):
        with use_language(language):
            [report] = lint_paths([file])
            hints = [f.hint for f in report.findings if f.code == "JM405"]
        assert hints == [expected]
