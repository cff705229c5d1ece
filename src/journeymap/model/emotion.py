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

from journeymap.model.base import MapModel
from journeymap.model.value_rules import (
    EMOTION_MAX,
    EMOTION_MIN,
    emotion_from_number,
    emotion_score,
)

__all__ = ["EMOTION_MAX", "EMOTION_MIN", "Emotion"]


class Emotion(MapModel):
    """`marina: 1` or `marina: {score: 1, label: hopeful}`."""

    score: int
    """-2 very negative, -1 negative, 0 neutral, +1 positive, +2 very positive."""
    label: str | None = None
    """A word for the feeling, shown on the curve (e.g. "anxious")."""

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, value: object) -> object:
        return emotion_from_number(value)

    @field_validator("score", mode="before")
    @classmethod
    def _check_scale(cls, value: object) -> object:
        return emotion_score(value)

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
