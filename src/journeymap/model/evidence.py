"""Evidence: where a claim on the map comes from."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import (
    Field,
    GetJsonSchemaHandler,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from journeymap.model.base import MapModel, synonyms
from journeymap.model.value_rules import text_as

EvidenceSource = Literal["survey", "interview", "analytics", "support", "observation", "assumption"]


class Evidence(MapModel):
    """One piece of evidence behind a persona, stage, barrier or emotion."""

    source: Annotated[EvidenceSource, synonyms("source")]
    """Kind of evidence; `assumption` marks a claim nobody has checked yet (Russian words such
    as `интервью`, `опрос`, `гипотеза` are read too)."""
    note: str | None = None
    """What was found, e.g. "7 of 12 interviews"."""
    link: str | None = None
    """Where to read more: a URL, a file, a report drill-down."""
    sample_size: int | None = Field(default=None, ge=0)
    """How many respondents, sessions or tickets stand behind it."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        return text_as("source", value)

    @property
    def is_assumption(self) -> bool:
        return self.source == "assumption"

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> Any:
        if set(self.model_fields_set) <= {"source"}:
            return self.source
        return handler(self)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The short form (a plain string) is valid too.
        return {
            "anyOf": [
                {"type": "string", "enum": list(get_args(EvidenceSource))},
                handler(core_schema),
            ]
        }
