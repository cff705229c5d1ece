"""Durations as people write them: `30s`, `30m`, `2h`, `7d`, `1w` (and combinations: `1h30m`)."""

from __future__ import annotations

import datetime as dt
import re

from journeymap.i18n import gettext as _

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_WHOLE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*[smhdw]\s*)+$")


def parse_duration(text: str | dt.timedelta) -> dt.timedelta:
    """`"30m"` -> 30 minutes. A `timedelta` passes through. ValueError for anything else."""
    if isinstance(text, dt.timedelta):
        return text
    lowered = text.lower()
    if not _WHOLE.match(lowered):
        raise ValueError(
            _("not a duration: {text!r} (use a number and a unit: 30s, 30m, 2h, 7d, 1w)", text=text)
        )
    seconds = sum(float(n) * _UNITS[unit] for n, unit in _PART.findall(lowered))
    if seconds <= 0:
        raise ValueError(_("duration must be positive: {text!r}", text=text))
    return dt.timedelta(seconds=seconds)


def milliseconds(duration: dt.timedelta) -> int:
    return round(duration.total_seconds() * 1000)
