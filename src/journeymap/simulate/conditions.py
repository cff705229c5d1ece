"""Values that satisfy a binding's conditions, so every simulated event is bound to its touchpoint.

A condition becomes a rule: a constant, a choice among allowed values, or a numeric range drawn
per event. Conditions the simulator cannot satisfy (contradictions) raise `ValueError` naming
the key.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from journeymap.i18n import gettext as _
from journeymap.model.binding import Condition, ConditionValue, Scalar
from journeymap.simulate.regex_text import RegexTextError, text_for

_FILLER = "simulated"
_RANGE_WIDTH = 100.0


@dataclass(frozen=True)
class Const:
    value: Scalar


@dataclass(frozen=True)
class Choice:
    values: tuple[Scalar, ...]


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    integer: bool

    def draw(self, rng: np.random.Generator, rows: int) -> np.ndarray[Any, Any]:
        if self.integer:
            return rng.integers(int(self.low), int(self.high) + 1, size=rows)
        cents = rng.integers(math.ceil(self.low * 100), math.floor(self.high * 100) + 1, rows)
        return cents / 100.0


Rule = Const | Choice | Range


def rule_for(key: str, condition: ConditionValue) -> Rule | None:
    """The rule that produces values for `key`; None when the key must be absent."""
    if not isinstance(condition, Condition):
        return Const(condition)
    if condition.exists is False:
        return None
    candidates: list[Scalar] | None = None
    if condition.eq is not None:
        candidates = [condition.eq]
    elif condition.in_ is not None:
        candidates = list(condition.in_)
    if candidates is not None:
        allowed = [v for v in candidates if _holds(v, condition)]
        if not allowed:
            raise ValueError(_("no value of {key!r} satisfies all its conditions", key=key))
        return Const(allowed[0]) if len(allowed) == 1 else Choice(tuple(allowed))
    bounds = (condition.gt, condition.gte, condition.lt, condition.lte)
    if any(b is not None for b in bounds):
        return _range(key, condition)
    if condition.regex is not None:
        try:
            text = text_for(condition.regex)
        except RegexTextError as exc:
            raise ValueError(_("{key!r}: {exc}", key=key, exc=exc)) from None
        if not _holds(text, condition):
            raise ValueError(
                _(
                    "cannot write a value of {key!r} for regex {regex!r}",
                    key=key,
                    regex=condition.regex,
                )
            )
        return Const(text)
    excluded = {condition.ne, *(condition.not_in or [])}
    filler = _FILLER
    suffix = 0
    while filler in excluded:
        suffix += 1
        filler = f"{_FILLER}-{suffix}"
    return Const(filler)


def _range(key: str, condition: Condition) -> Range:
    given = [b for b in (condition.gt, condition.gte, condition.lt, condition.lte) if b is not None]
    if all(float(b).is_integer() for b in given):
        whole = _bounds(condition, step=1.0)
        if whole[0] <= whole[1]:
            return Range(*whole, integer=True)
    low, high = _bounds(condition, step=0.01)
    if math.ceil(low * 100) > math.floor(high * 100):
        raise ValueError(_("no number satisfies the conditions on {key!r}", key=key))
    return Range(low, high, integer=False)


def _bounds(condition: Condition, *, step: float) -> tuple[float, float]:
    """The closed interval the conditions allow; strict bounds move in by `step`."""
    low = -math.inf
    high = math.inf
    if condition.gte is not None:
        low = condition.gte
    if condition.gt is not None:
        low = max(low, condition.gt + step)
    if condition.lte is not None:
        high = condition.lte
    if condition.lt is not None:
        high = min(high, condition.lt - step)
    if math.isinf(low):
        low = 0.0 if high > _RANGE_WIDTH else high - _RANGE_WIDTH
    if math.isinf(high):
        high = low + max(_RANGE_WIDTH, abs(low))
    return low, high


def _holds(value: Scalar, condition: Condition) -> bool:
    if condition.ne is not None and value == condition.ne:
        return False
    if condition.not_in is not None and value in condition.not_in:
        return False
    if condition.regex is not None and re.search(condition.regex, str(value)) is None:
        return False
    bounds = (condition.gt, condition.gte, condition.lt, condition.lte)
    if any(b is not None for b in bounds):
        if not isinstance(value, int | float) or isinstance(value, bool):
            return False
        checks = (
            condition.gt is None or value > condition.gt,
            condition.gte is None or value >= condition.gte,
            condition.lt is None or value < condition.lt,
            condition.lte is None or value <= condition.lte,
        )
        return all(checks)
    return True
