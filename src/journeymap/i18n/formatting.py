"""Numbers, percentages, dates and durations written the way the current language writes them.

Russian: `2 000`, `0,25`, `25 %`, `07.12.2026`, `3 дня` (Babel's CLDR data; the spaces are
non-breaking, so a number never wraps across lines). English: `2,000`, `0.25`, `25%`,
`2026-12-07` (ISO, as the rest of the tool writes dates), `3 days`.
"""

from __future__ import annotations

import datetime as dt

from journeymap.i18n.context import get_language


def _locale(language: str | None) -> str:
    return language or get_language()


def format_number(value: float, *, decimals: int | None = None, language: str | None = None) -> str:
    """A number with the language's grouping and decimal sign; `decimals` fixes the digits after
    the sign (default: as many as the value needs, at most three)."""
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(value, locale=_locale(language))
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=_locale(language))


def format_percent(ratio: float, *, decimals: int = 0, language: str | None = None) -> str:
    """A share (0.25) as a percentage: `25%` in English, `25 %` in Russian."""
    from babel import Locale
    from babel.numbers import format_percent as babel_percent

    lang = _locale(language)
    pattern = Locale.parse(lang).percent_formats[None].pattern
    if decimals > 0:  # keep the language's own pattern (its space before %), add the digits
        last_zero = pattern.rindex("0") + 1
        pattern = pattern[:last_zero] + "." + "0" * decimals + pattern[last_zero:]
    return babel_percent(ratio, format=pattern, locale=lang)


def format_date(value: dt.date, *, language: str | None = None) -> str:
    """`07.12.2026` in Russian; ISO `2026-12-07` in English (unambiguous, as in map files)."""
    from babel.dates import format_date as babel_date

    lang = _locale(language)
    if lang == "en":
        return value.isoformat()
    return babel_date(value, format="short", locale=lang)


def format_duration(
    value: dt.timedelta | float,
    *,
    threshold: float = 0.85,
    language: str | None = None,
) -> str:
    """A duration (a timedelta or seconds) in words, rounded to its largest unit: `3 days`,
    `3 дня`, `45 минут`."""
    from babel.dates import format_timedelta

    delta = value if isinstance(value, dt.timedelta) else dt.timedelta(seconds=float(value))
    return format_timedelta(delta, threshold=threshold, locale=_locale(language))
