"""Numbers, percentages, dates and durations as each language writes them."""

from __future__ import annotations

import datetime as dt

import pytest

from journeymap.i18n import (
    format_date,
    format_duration,
    format_number,
    format_percent,
    use_language,
)

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("language", "number", "decimal", "fixed"),
    [("ru", f"2{NBSP}000", "0,25", f"1{NBSP}234,50"), ("en", "2,000", "0.25", "1,234.50")],
)
def test_numbers(language: str, number: str, decimal: str, fixed: str) -> None:
    assert format_number(2000, language=language) == number
    assert format_number(0.25, language=language) == decimal
    assert format_number(1234.5, decimals=2, language=language) == fixed


def test_percentages() -> None:
    assert format_percent(0.25, language="ru") == f"25{NBSP}%"
    assert format_percent(0.25, language="en") == "25%"
    assert format_percent(0.2534, decimals=1, language="ru") == f"25,3{NBSP}%"
    assert format_percent(0.2534, decimals=1, language="en") == "25.3%"


def test_dates() -> None:
    day = dt.date(2026, 12, 7)
    assert format_date(day, language="ru") == "07.12.2026"
    assert format_date(day, language="en") == "2026-12-07"


def test_durations() -> None:
    assert format_duration(3 * 86400, language="ru") == "3 дня"
    assert format_duration(dt.timedelta(minutes=45), language="ru") == "45 минут"
    assert format_duration(3 * 86400, language="en") == "3 days"
    assert format_duration(90, language="en") == "2 minutes"


def test_the_current_language_is_the_default() -> None:
    with use_language("ru"):
        assert format_percent(0.5) == f"50{NBSP}%"
    assert format_percent(0.5) == "50%"
