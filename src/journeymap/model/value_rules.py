"""The rules of the map's field validators as plain functions, without pydantic.

The pydantic models call these from their validators; `journeymap.model.quick_check` calls the
same functions on plain data when `journeymap validate` checks a map without building the
models (see `journeymap.model.validator_twins`). One rule, one place: a change here changes
both readers alike.
"""

from __future__ import annotations

import math
import re

from journeymap.i18n import gettext as _
from journeymap.model.emotion_words import suggested_score
from journeymap.model.problems import HintedValueError

EMOTION_MIN = -2
EMOTION_MAX = 2
_TOLERANCE = 1e-9
_PERCENT = re.compile(r"^\s*(?P<number>-?\d+(?:[.,]\d+)?)\s*%\s*$")
_RANGE = re.compile(r"^\s*(\d{1,3})\s*(?:-|–|—|\.\.|to|до)\s*(\d{1,3})\s*$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d|w)?\s*$")
_UNIT_SECONDS = {
    None: 1.0,
    "s": 1.0,
    "sec": 1.0,
    "m": 60.0,
    "min": 60.0,
    "h": 3600.0,
    "d": 86400.0,
    "w": 604800.0,
}


def percent_as_share(value: object) -> object:
    """`target: 25%` is how a marketer writes a share: read it as 0.25."""
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            return float(match["number"].replace(",", ".")) / 100
    return value


def age_range_from_text(value: object) -> object:
    """`25-40` (or `25–40`, `25..40`, `25 до 40`) as `{min: 25, max: 40}`."""
    if isinstance(value, str):
        match = _RANGE.match(value)
        if not match:
            raise ValueError(
                _("{value} is not an age or an age range like '25-40'", value=repr(value))
            )
        return {"min": int(match[1]), "max": int(match[2])}
    return value


def check_age_order(low: int, high: int) -> None:
    if low > high:
        raise ValueError(_("age range {min}-{max} is reversed", min=low, max=high))


def age_text_as_number(value: object) -> object:
    """A persona whose `age` is "34" (a spreadsheet export) has the age 34; "30-38" stays a
    range for `age_range_from_text`."""
    if isinstance(value, dict) and isinstance(value.get("age"), str):
        text = value["age"].strip()
        if text.isdigit():
            return {**value, "age": int(text)}
    return value


def emotion_from_number(value: object) -> object:
    """`marina: 1` is `{score: 1}`; a word where the score belongs gets the scale's message,
    not "not a mapping"."""
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        return {"score": value}
    return value


def emotion_score(value: object) -> object:
    """A whole number on the -2..+2 scale; a word gets a hint with the score it usually means."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if not EMOTION_MIN <= value <= EMOTION_MAX:
            raise ValueError(_("{value} is outside -2..+2", value=value))
        return value
    if isinstance(value, str) and value.strip() and not _is_number(value):
        raise _word_instead_of_score(value.strip())
    raise ValueError(_("{value} is not a whole number on the -2..+2 scale", value=repr(value)))


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _word_instead_of_score(word: str) -> HintedValueError:
    """`marina: вдохновение`: the word is the label; the score must still be chosen."""
    score = suggested_score(word)
    shown = f"{score:+d}" if score else "0"
    fixed = f"{{score: {shown}, label: {word}}}"
    message = _(
        "'{word}' is a word, not a score: it is read as the label, and the score is missing",
        word=word,
    )
    if score is None:
        hint = _("add a score on the -2..+2 scale (-2 very negative, 0 neutral, +2 very positive)")
    else:
        hint = _(
            "add a score on the -2..+2 scale (-2 very negative, 0 neutral, +2 very positive); "
            "'{word}' usually means {score}",
            word=word,
            score=shown,
        )
    return HintedValueError(message, hint, fixed)


def text_as(field: str, value: object) -> object:
    """The short form of an object with one required text field: `evidence: [assumption]`,
    `solutions: [Call back within a day]`."""
    return {field: value} if isinstance(value, str) else value


def check_regex(value: str | None, *, url: bool = False) -> str | None:
    if value is not None:
        try:
            re.compile(value)
        except re.error as exc:
            message = (
                _("url regex does not compile: {error}", error=exc)
                if url
                else _("regex does not compile: {error}", error=exc)
            )
            raise ValueError(message) from exc
    return value


def check_has_selector(*selectors: object) -> None:
    if not any(selectors):
        raise ValueError(
            _(
                "a binding needs at least one of: event, type, channel, url, "
                "properties, context, source"
            )
        )


def duration_seconds(value: str | float) -> float:
    """Seconds in a duration written `90s`, `15m`, `2h`, `3d`, `1w` or as a number of seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(
            _(
                "{value} is not a duration; write a number with a unit: 30s, 15m, 2h, 3d, 1w",
                value=repr(value),
            )
        )
    return float(match[1]) * _UNIT_SECONDS[match[2]]


def positive_duration(value: str | float) -> str | float:
    if duration_seconds(value) <= 0:
        raise ValueError(_("duration {value} must be longer than zero", value=repr(value)))
    return value


def check_dwell_order(median: str | float, p90: str | float) -> None:
    if duration_seconds(p90) <= duration_seconds(median):
        raise ValueError(
            _("p90 ({p90}) must be longer than median ({median})", p90=p90, median=median)
        )


def check_price_order(median: float, p90: float) -> None:
    if p90 <= median:
        raise ValueError(
            _(
                "p90 ({p90}) must be above median ({median})",
                p90=format(p90, "g"),
                median=format(median, "g"),
            )
        )


def number_or_stages(value: object) -> str:
    """The tag of a `continue` value: one probability, or one per stage id."""
    return "per-stage" if isinstance(value, dict) else "number"


def one_or_many(value: object) -> object:
    """`repeat:` may be one mapping or a list of them."""
    return [value] if isinstance(value, dict) else value


def check_sum(weights: dict[str, float], stage: str | None = None) -> None:
    """Probabilities out of `stage` (or segment shares when None) must not exceed 1."""
    total = math.fsum(weights.values())
    if total <= 1.0 + _TOLERANCE:
        return
    if stage is None:
        raise ValueError(
            _("segment shares add up to {total}; they must not exceed 1", total=format(total, "g"))
        )
    raise ValueError(
        _(
            "transition probabilities from '{stage}' add up to {total}; they must not exceed 1",
            stage=stage,
            total=format(total, "g"),
        )
    )


def check_transitions(value: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    for stage, targets in value.items():
        check_sum(targets, stage)
    return value
