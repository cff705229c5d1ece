"""Emotion of a persona at a stage, on the -2..+2 scale of the CJM method."""

from __future__ import annotations

from typing import Any

from pydantic import (
    GetJsonSchemaHandler,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from journeymap.i18n import gettext as _
from journeymap.model.base import MapModel
from journeymap.model.emotion_words import suggested_score
from journeymap.model.problems import HintedValueError

EMOTION_MIN = -2
EMOTION_MAX = 2


class Emotion(MapModel):
    """`marina: 1` or `marina: {score: 1, label: hopeful}`."""

    score: int
    """-2 very negative, -1 negative, 0 neutral, +1 positive, +2 very positive."""
    label: str | None = None
    """A word for the feeling, shown on the curve (e.g. "anxious")."""

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, value: object) -> object:
        # A word where the score belongs gets the scale's message, not "not a mapping".
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            return {"score": value}
        return value

    @field_validator("score", mode="before")
    @classmethod
    def _check_scale(cls, value: object) -> object:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            if not EMOTION_MIN <= value <= EMOTION_MAX:
                raise ValueError(_("{value} is outside -2..+2", value=value))
            return value
        if isinstance(value, str) and value.strip() and not _is_number(value):
            raise _word_instead_of_score(value.strip())
        raise ValueError(_("{value} is not a whole number on the -2..+2 scale", value=repr(value)))

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> Any:
        if self.label is None:
            return self.score
        return handler(self)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        as_object = handler(core_schema)
        as_number = {"type": "integer", "minimum": EMOTION_MIN, "maximum": EMOTION_MAX}
        return {"anyOf": [as_number, as_object]}


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
