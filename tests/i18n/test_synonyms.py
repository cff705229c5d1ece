"""Russian words for enumerated values are read as the canonical value; Cyrillic ids get a slug."""

from __future__ import annotations

import pytest

from journeymap.i18n import SYNONYMS, canonical, suggest_slug, use_language
from journeymap.model import MapError, parse_map
from journeymap.model.barrier import Severity
from journeymap.model.evidence import EvidenceSource
from journeymap.model.kpi import Direction
from journeymap.model.solution import SolutionStatus
from journeymap.model.touchpoint import TouchpointKind

MAP = """\
journeymap: 1
id: shop
title: Магазин мебели
stages:
  - id: choice
    name: Выбор
    touchpoints: [showroom]
    barriers:
      - id: no-stock
        text: Нет в наличии
        severity: {severity}
        evidence: [{source}, {{source: опрос, note: 12 из 40}}]
        solutions:
          - {{text: Показывать остатки, status: {status}}}
    kpis:
      - {{id: visits, name: Визиты, direction: {direction}}}
touchpoints:
  - id: showroom
    name: Шоурум
    kind: {kind}
    bindings: [{{channel: {channel}}}]
"""


def _parse(**values: str) -> object:
    fields = {
        "severity": "критично",
        "source": "интервью",
        "status": "в работе",
        "direction": "снижение",
        "kind": "офлайн",
        "channel": "сайт",
    } | values
    return parse_map(MAP.format(**fields)).model


def test_russian_words_are_read_as_canonical_values() -> None:
    journey = _parse()
    stage = journey.stages[0]  # type: ignore[attr-defined]
    barrier = stage.barriers[0]
    assert barrier.severity == "critical"
    assert [e.source for e in barrier.evidence] == ["interview", "survey"]
    assert barrier.solutions[0].status == "in-progress"
    assert stage.kpis[0].direction == "decrease"
    touchpoint = journey.touchpoints[0]  # type: ignore[attr-defined]
    assert touchpoint.kind == "offline"
    assert touchpoint.bindings[0].channel == "web"


@pytest.mark.parametrize("spelling", ["Критично", "КРИТИЧНО", " критично "])
def test_case_and_spaces_do_not_matter(spelling: str) -> None:
    assert canonical("severity", spelling) == "critical"
    assert canonical("status", "В-работе") == "in-progress"
    assert canonical("kind", "оффлайн") == "offline"


def test_unknown_words_are_still_errors_in_the_users_language() -> None:
    with use_language("ru"), pytest.raises(MapError) as caught:
        _parse(severity="ужасно")
    [problem] = caught.value.problems
    assert "'ужасно'" in problem.message
    assert "недопустимо" in problem.message
    assert problem.hint is not None
    assert "'critical'" in problem.hint


@pytest.mark.parametrize(
    ("field", "allowed"),
    [
        ("severity", Severity),
        ("source", EvidenceSource),
        ("status", SolutionStatus),
        ("direction", Direction),
        ("kind", TouchpointKind),
    ],
)
def test_every_synonym_names_an_allowed_value(field: str, allowed: object) -> None:
    from typing import get_args

    values = set(get_args(allowed))
    assert set(SYNONYMS[field].values()) <= values
    assert set(SYNONYMS[field].values()) == values, "every value has a Russian word"


def test_canonical_values_round_trip() -> None:
    from journeymap.model import dump_map

    text = dump_map(_parse())  # type: ignore[arg-type]
    assert "severity: critical" in text
    assert "критично" not in text


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Первая покупка", "pervaya-pokupka"),
        ("Щука Жёлтая", "shchuka-zheltaya"),
        ("колл-центр №1", "koll-tsentr-no1"),
        ("???", "item"),
    ],
)
def test_suggest_slug(text: str, slug: str) -> None:
    assert suggest_slug(text) == slug
