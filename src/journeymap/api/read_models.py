"""Response bodies of the profile and recommendation endpoints (the OpenAPI schema)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ReasonOut(BaseModel):
    kind: str = Field(examples=["similar_to_item"])
    """Machine-readable: popular, popular_in_group, similar_to_item, co_visited, ..."""
    item: str | None = Field(default=None, examples=["tomato-siberian-early"])
    text: str = Field(examples=["Customers who liked Siberian early tomato liked this too"])


class Recommendation(BaseModel):
    item: str = Field(examples=["basil-genovese"])
    title: str | None = Field(default=None, examples=["Basil Genovese"])
    score: float
    rank: int = Field(ge=1)
    reason: ReasonOut


class Recommendations(BaseModel):
    person: str = Field(examples=["user-42"])
    stage: str | None = Field(default=None, examples=["consideration"])
    items: list[Recommendation]


class NextBestAction(BaseModel):
    person: str
    map: str | None = None
    stage: str | None = None
    next_stage: str | None = None
    action: Literal["offer_item", "none"]
    item: Recommendation | None = None
    text: str
    """What to do and why, in the request's language."""


class ErrorBody(BaseModel):
    """Every refused request: a code for scripts, the field to fix and what to do."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "success": False,
                    "code": "unknown_map",
                    "field": "name",
                    "message": "no map named 'shop'",
                    "hint": "known maps: seed-shop.en, seed-shop.ru",
                }
            ]
        },
    )

    success: bool = False
    code: str
    message: str
    field: str | None = None


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


READ_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("No key, or an unknown or revoked key"),
    403: _error("A write key: reading needs a read or admin key"),
    404: _error("Unknown map or person"),
    422: _error("A parameter to fix: `field` names it"),
    503: _error("The store cannot be read now"),
}
"""The error answers every read route documents in the OpenAPI."""
