"""Touchpoints: where the customer meets the company, online or offline."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from journeymap.model.base import MapModel, Slug, synonyms
from journeymap.model.binding import Binding

TouchpointKind = Literal["online", "offline"]


class Touchpoint(MapModel):
    id: Slug
    name: str = Field(min_length=1)
    """Human name of the touchpoint."""
    kind: Annotated[TouchpointKind, synonyms("kind")] = "online"
    """online or offline (store, delivery, call centre, ...); `онлайн` and `офлайн` are read
    too."""
    channel: str | None = None
    """web, mobile, email, sms, phone, messenger, store, delivery, call-centre, ..."""
    department: str | None = None
    """Department that owns it (e-commerce, logistics, support, ...)."""
    owner: str | None = None
    """Person accountable for it."""
    description: str | None = None
    """What happens there."""
    bindings: list[Binding] = Field(default_factory=list)
    """Rules that select this touchpoint's events from the store; empty = not measurable yet."""
