"""Stages of the worked examples get the role the method gives them, in English and Russian."""

from __future__ import annotations

import pytest

from journeymap.model import load_map
from journeymap.personalize.strategies import stage_role
from journeymap.templates import get_template

EXPECTED = {
    "seed-shop": {
        "awareness": "awareness",
        "research": "comparison",
        "purchase": "cart",
        "delivery": "post_purchase",
        "sowing": "post_purchase",
        "repeat-purchase": "loyalty",
    },
    "language-school": {
        "awareness": "awareness",
        "choosing-school": "comparison",
        "purchase": "cart",
        "first-month": "post_purchase",
        "renewal": "loyalty",
    },
    "travel": {
        "coming-home": "post_purchase",
        "between-trips": "loyalty",
        "choosing-next": "comparison",
        "booking": "cart",
        "preparation": "post_purchase",
        "advocacy": "loyalty",
    },
}


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_stages_play_their_roles(name: str, language: str) -> None:
    info = get_template(name)
    journey = load_map(str(info.map_resource(language)))
    roles = {s.id: stage_role(s.id, s.name) for s in journey.stages}
    assert {k: roles[k] for k in EXPECTED[name]} == EXPECTED[name]


@pytest.mark.parametrize(
    ("stage_id", "name", "role"),
    [
        ("s1", "Корзина и оформление", "cart"),
        ("s2", "Сравнение вариантов", "comparison"),
        ("s3", "Повторная покупка", "loyalty"),
        ("s4", "После покупки", "post_purchase"),
        ("s5", "Осознание потребности", "awareness"),
        ("s6", "Something else entirely", "interest"),
    ],
)
def test_russian_names_and_the_fallback(stage_id: str, name: str, role: str) -> None:
    assert stage_role(stage_id, name) == role
