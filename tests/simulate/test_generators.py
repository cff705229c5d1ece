"""Texts for regular expressions and values for binding conditions."""

from __future__ import annotations

import re

import numpy as np
import pytest

from journeymap.model.binding import Condition
from journeymap.simulate.conditions import Choice, Const, Range, rule_for
from journeymap.simulate.regex_text import RegexTextError, text_for, url_for


@pytest.mark.parametrize(
    "pattern",
    [
        r"^https://shop\.example/cart",
        "/cart$",
        r"(cart|basket)/?$",
        r"^/product/\d+$",
        r"^https?://[a-z]+\.ru/(?:order|buy)/[^/]+$",
        r"[\w-]+\.html",
        r"^[A-Z]{2,3}-\d{4}$",
        r"^FAIR",
    ],
)
def test_text_matches_simple_patterns(pattern: str) -> None:
    assert re.search(pattern, text_for(pattern))
    assert re.search(pattern, url_for(pattern))


def test_path_patterns_become_full_urls() -> None:
    assert url_for("/cart$") == "https://shop.example/cart"
    assert url_for("/blog/") == "https://shop.example/blog/"


@pytest.mark.parametrize("pattern", [r"(?=cart)cart", r"(a)\1", r"\p{L}"])
def test_unsupported_patterns_say_so(pattern: str) -> None:
    with pytest.raises(RegexTextError):
        text_for(pattern)


def _holds(value: object, condition: Condition) -> bool:
    checks = [
        condition.ne is None or value != condition.ne,
        condition.in_ is None or value in condition.in_,
        condition.not_in is None or value not in condition.not_in,
        condition.gt is None or value > condition.gt,  # type: ignore[operator]
        condition.gte is None or value >= condition.gte,  # type: ignore[operator]
        condition.lt is None or value < condition.lt,  # type: ignore[operator]
        condition.lte is None or value <= condition.lte,  # type: ignore[operator]
        condition.regex is None or re.search(condition.regex, str(value)) is not None,
    ]
    return all(checks)


@pytest.mark.parametrize(
    "raw",
    [
        {"eq": "seeds"},
        {"in": ["a", "b", "c"], "ne": "b"},
        {"not_in": ["simulated"]},
        {"gt": 10.5},
        {"gte": 100, "lt": 101},
        {"lte": 5},
        {"gt": 0, "lt": 1},
        {"regex": "^FAIR-[0-9]{3}$"},
        {"exists": True},
    ],
)
def test_values_satisfy_their_conditions(raw: dict[str, object]) -> None:
    condition = Condition.model_validate(raw)
    rule = rule_for("key", condition)
    rng = np.random.default_rng(0)
    if isinstance(rule, Const):
        values: list[object] = [rule.value]
    elif isinstance(rule, Choice):
        values = list(rule.values)
    else:
        assert isinstance(rule, Range)
        values = list(rule.draw(rng, 500))
    assert values
    assert all(_holds(v, condition) for v in values), (raw, values[:5])


def test_absent_key_and_contradictions() -> None:
    assert rule_for("coupon", Condition.model_validate({"exists": False})) is None
    with pytest.raises(ValueError, match="no value of 'x'"):
        rule_for("x", Condition.model_validate({"in": ["a"], "ne": "a"}))
    with pytest.raises(ValueError, match="no number satisfies"):
        rule_for("x", Condition.model_validate({"gt": 5, "lt": 5}))
