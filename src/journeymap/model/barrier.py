"""Barriers: what stops a customer moving to the next stage."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from journeymap.model.base import MapModel, Slug, synonyms
from journeymap.model.evidence import Evidence
from journeymap.model.solution import Solution

Severity = Literal["low", "medium", "high", "critical"]


class Barrier(MapModel):
    id: Slug
    text: str = Field(min_length=1)
    """The barrier in the customer's words where possible."""
    severity: Annotated[Severity, synonyms("severity")] = "medium"
    """How much it hurts: low, medium, high, critical (Russian words such as `критично` are
    read too)."""
    evidence: list[Evidence] = Field(default_factory=list)
    """Where the barrier is known from."""
    solutions: list[Solution] = Field(default_factory=list)
    """What will remove it."""
    touchpoint: str | None = None
    """The touchpoint where it happens, if it is tied to one (an id from `touchpoints`)."""
    suggested: bool = False
    """True when analytics or feedback proposed it and nobody has confirmed it yet."""
