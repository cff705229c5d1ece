"""How numbers read on the report: percentages, human durations, dates in UTC, feedback scores.

Rules:
- a KPI whose unit is `share`, or which has no unit and a target (else value) between 0 and 1,
  is a percentage (0.549 -> 54.9%);
- durations (unit `seconds`/`minutes`/`hours`/`days`, or `median_time`/`p90_time` measures
  without a unit) read as `3.2 h`, `2.9 d` (`3,2 ч`, `2,9 дн.` in Russian);
- timestamps of the data range read as dates; the store keeps UTC, and the page says so;
- NPS reads as a signed whole number (+12), CSAT as its top-2 share (72%), CES and ratings as
  the mean (5.4), each with its 95% interval.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from functools import cache

from journeymap.i18n import LANGUAGES, pgettext, use_language
from journeymap.render.lanes import format_quantity

SECONDS_PER_UNIT: Mapping[str, float] = {
    "seconds": 1.0,
    "s": 1.0,
    "minutes": 60.0,
    "min": 60.0,
    "hours": 3600.0,
    "h": 3600.0,
    "days": 86400.0,
    "day": 86400.0,
    "d": 86400.0,
}
SHARE_UNITS = frozenset({"share", "ratio", "fraction"})
TIME_MEASURES = ("median_time", "p90_time")


def _decimal(text: str, lang: str) -> str:
    return text.replace(".", ",") if lang == "ru" else text


@cache
def duration_units(lang: str) -> tuple[tuple[float, str], ...]:
    """(seconds, short unit) from days down to seconds in `lang` (English for any other)."""
    with use_language(lang if lang in LANGUAGES else "en"):
        return (
            (86400, pgettext("duration unit", "d")),
            (3600, pgettext("duration unit", "h")),
            (60, pgettext("duration unit", "min")),
            (1, pgettext("duration unit", "s")),
        )


def format_duration(seconds: float | None, lang: str = "en") -> str:
    if seconds is None:
        return "–"
    units = duration_units(lang)
    for size, unit in units[:-1]:
        if seconds >= size:
            return f"{_decimal(f'{seconds / size:.1f}', lang)} {unit}"
    return f"{seconds:.0f} {units[-1][1]}"


def format_percent(value: float | None, lang: str = "en", digits: int = 1) -> str:
    """`54.9%` in English, `54,9 %` in Russian (a no-break space before the sign, as
    `journeymap.i18n.format_percent` writes it)."""
    if value is None:
        return "–"
    text = _decimal(f"{value:.{digits}%}", lang)
    return text[:-1] + "\xa0%" if lang == "ru" else text


def is_share(unit: str | None, value: float | None, target: float | None) -> bool:
    if unit is not None:
        return unit.strip().lower() in SHARE_UNITS
    reference = target if target is not None else value
    return reference is not None and 0 <= reference <= 1


def kpi_value(
    value: float | None,
    unit: str | None,
    measure: str | None,
    target: float | None = None,
    lang: str = "en",
) -> str:
    """A KPI value (or target) as people read it; `target` decides whether it is a share."""
    if value is None:
        return "–"
    clean = unit.strip().lower() if unit else None
    if clean is not None and clean in SECONDS_PER_UNIT:
        return format_duration(value * SECONDS_PER_UNIT[clean], lang)
    if clean is None and measure and measure.strip().lower().startswith(TIME_MEASURES):
        return format_duration(value, lang)
    if is_share(unit, value, target):
        return format_percent(value, lang)
    return _decimal(format_quantity(round(value, 3), unit), lang)


def day_text(timestamp: str | None) -> str:
    """The date of an ISO timestamp (`2025-11-23T01:05:39.053` -> `2025-11-23`)."""
    if not timestamp:
        return "–"
    try:
        return dt.datetime.fromisoformat(timestamp).date().isoformat()
    except ValueError:
        return timestamp


def score_text(kind: str, value: float | None, lang: str = "en") -> str:
    """A feedback headline: NPS as +12, CSAT top-2 share as 72%, CES/rating mean as 5.4."""
    if value is None or math.isnan(value):
        return "–"
    if kind == "nps":
        return f"{value:+.0f}"
    if kind == "csat":
        return format_percent(value, lang, digits=0)
    return _decimal(f"{value:.1f}", lang)


def interval_text(kind: str, low: float | None, high: float | None, lang: str = "en") -> str:
    if low is None or high is None:
        return ""
    return f"{score_text(kind, low, lang)} … {score_text(kind, high, lang)}"
