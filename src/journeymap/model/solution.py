"""Solutions and opportunities: what the team will do about a barrier or a stage."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    GetJsonSchemaHandler,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from journeymap.model.base import MapModel, Slug, synonyms
from journeymap.model.value_rules import text_as

SolutionStatus = Literal["idea", "planned", "in-progress", "done", "rejected"]


class Solution(MapModel):
    """A solution or opportunity. Written as a plain string or as an object."""

    text: str = Field(min_length=1)
    """What will be done."""
    owner: str | None = None
    """Person or department accountable for it."""
    status: Annotated[SolutionStatus, synonyms("status")] = "idea"
    """idea, planned, in-progress, done or rejected (`в работе`, `готово`, ... are read too)."""
    customer_value: int | None = Field(default=None, ge=0, le=100)
    """How much it helps the customer, 0-100."""
    business_value: int | None = Field(default=None, ge=0, le=100)
    """How much it helps the business, 0-100."""
    effort: int | None = Field(default=None, ge=0, le=5)
    """Cost to build, 0 (trivial) to 5 (a project of its own)."""
    chain: Slug | None = None
    """The automation chain (`automations/*.yaml`) that implements it (docs/automations.md)."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        return text_as("text", value)

    @property
    def priority(self) -> float | None:
        """Value per unit of effort: mean of customer and business value divided by (effort + 1).

        Ranges 0..100; `None` until both values and the effort are filled in.
        """
        if self.customer_value is None or self.business_value is None or self.effort is None:
            return None
        return round((self.customer_value + self.business_value) / 2 / (self.effort + 1), 1)

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        # Keep the short form when nothing but the text was given.
        if set(self.model_fields_set) <= {"text"}:
            return self.text
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The short form (a plain string) is valid too.
        return {"anyOf": [{"type": "string", "minLength": 1}, handler(core_schema)]}
