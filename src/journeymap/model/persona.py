"""Personas: concrete, person-like profiles the map is drawn for."""

from __future__ import annotations

from typing import Any

from pydantic import Field, GetJsonSchemaHandler, model_serializer, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from journeymap.model.base import MapModel, Slug, TextList
from journeymap.model.evidence import Evidence
from journeymap.model.value_rules import age_range_from_text, age_text_as_number, check_age_order


class AgeRange(MapModel):
    """An age range, written `25-40` (or `{min: 25, max: 40}`)."""

    min: int = Field(ge=0, le=120)
    """Youngest age."""
    max: int = Field(ge=0, le=120)
    """Oldest age; the method warns when the range is wider than 15 years."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        return age_range_from_text(value)

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        check_age_order(self.min, self.max)
        return self

    @property
    def width(self) -> int:
        return self.max - self.min

    def __str__(self) -> str:
        return f"{self.min}-{self.max}"

    @model_serializer(mode="plain")
    def _serialize(self) -> str:
        return str(self)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        as_object = handler(core_schema)
        as_text = {"type": "string", "pattern": r"^\d{1,3}\s*-\s*\d{1,3}$"}
        return {"anyOf": [as_text, as_object]}


class Persona(MapModel):
    id: Slug
    name: str = Field(min_length=1)
    """A person's name, not a segment label: "Marina", not "young mothers"."""
    age: int | AgeRange | None = None
    """An age (34) or a narrow range ("30-38")."""
    occupation: str | None = None
    """What she does for a living."""
    context: str | None = None
    """Life situation that shapes the journey: family, income, where she lives, time she has."""
    goals: TextList
    """What she wants to achieve."""
    needs: TextList
    """What she needs from the company to get there."""
    fears: TextList
    """What worries her."""
    values: TextList
    """What matters to her (price, quality, time, ecology, ...)."""
    motives: TextList
    """Why she acts now."""
    quote: str | None = None
    """Something this persona would say, in her words."""
    channels: TextList
    """Channels she uses: web, mobile, email, phone, store, messenger, ..."""
    devices: TextList
    """Devices she uses: smartphone, laptop, ..."""
    evidence: list[Evidence] = Field(default_factory=list)
    """Research behind this persona."""

    @model_validator(mode="before")
    @classmethod
    def _age_as_range(cls, value: Any) -> Any:
        # "34" from a spreadsheet export is an age, "30-38" a range.
        return age_text_as_number(value)

    @property
    def age_span(self) -> tuple[int, int] | None:
        if isinstance(self.age, int):
            return (self.age, self.age)
        if isinstance(self.age, AgeRange):
            return (self.age.min, self.age.max)
        return None
