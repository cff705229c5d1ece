"""Response bodies of the profile and recommendation endpoints (the OpenAPI schema)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


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
