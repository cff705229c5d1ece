"""Durations written the way people write them: `90s`, `30m`, `2h`, `3d`, `1w`, `1d12h`."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Final

from pydantic import BeforeValidator

from journeymap.i18n import gettext as _
from journeymap.model.problems import HintedValueError

_PART: Final = re.compile(r"(\d+)\s*([smhdw])")
_WHOLE: Final = re.compile(r"^\s*(?:\d+\s*[smhdw]\s*)+$")
_UNIT: Final = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(value: object) -> timedelta:
    """A duration from text such as `2h` or `1d12h`, a number of seconds, or a timedelta."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return timedelta(seconds=value)
    if isinstance(value, str) and _WHOLE.match(value):
        total = timedelta()
        for amount, unit in _PART.findall(value):
            total += timedelta(**{_UNIT[unit]: int(amount)})
        return total
    raise HintedValueError(
        _("{value} is not a duration", value=repr(value)),
        hint=_("write durations as 30m, 2h, 3d or 1w"),
    )


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
