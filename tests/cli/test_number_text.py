"""Signed numbers and p-values in the current language: English as Python's format specs wrote
them, Russian with the decimal comma and its percent sign."""

from __future__ import annotations

import pytest

from journeymap.cli.number_text import signed_number, signed_percent, signed_points, significant
from journeymap.i18n import use_language


@pytest.mark.parametrize("value", [0.0412, 0.5, 1.0, 0.000123, 1.2e-05, float("nan")])
def test_significant_matches_the_format_spec_in_english(value: float) -> None:
    with use_language("en"):
        assert significant(value) == f"{value:.3g}"


@pytest.mark.parametrize("value", [0.125, -0.031, 0.0, 2.5])
def test_signed_values_match_the_format_specs_in_english(value: float) -> None:
    with use_language("en"):
        assert signed_percent(value) == f"{value:+.1%}"
        assert signed_points(value) == f"{value * 100:+.1f}"
        assert signed_number(value, decimals=2) == f"{value:+.2f}"


def test_russian_writes_a_decimal_comma_and_its_percent_sign() -> None:
    with use_language("ru"):
        assert significant(0.0412) == "0,0412"
        assert signed_points(-0.125) == "-12,5"
        assert signed_percent(0.125).replace("\xa0", " ") == "+12,5 %"
        assert significant(1.2e-05) == "1.2e-05"  # scientific notation as Python writes it
