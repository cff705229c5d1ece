"""The journey map: one map for one segment and one goal."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from typing import Literal, TypeVar

from pydantic import Field

from journeymap.model.barrier import Barrier
from journeymap.model.base import MapModel, Slug
from journeymap.model.persona import Persona
from journeymap.model.personalization import MapPolicy
from journeymap.model.simulation import SimulationSettings
from journeymap.model.stage import Stage
from journeymap.model.touchpoint import Touchpoint

FORMAT_VERSION: Literal[1] = 1


class LintSettings(MapModel):
    """Per-map linter settings."""

    disable: list[str] = Field(default_factory=list)
    """Rule codes (e.g. `JM104`) not checked for this map."""


class JourneyMap(MapModel):
    """A customer journey map. The YAML file is the design and the query at once."""

    journeymap: Literal[1] = FORMAT_VERSION
    """Version of the map file format."""
    id: Slug
    title: str = Field(min_length=1)
    """Human title of the map, shown on every rendering."""
    goal: str | None = None
    """The business goal the map serves; the method starts with it."""
    segment: str | None = None
    """The customer segment the map describes: one map per segment."""
    language: str = Field(default="en", pattern=r"^[a-z]{2}$")
    """Language of the map's texts (`en`, `ru`, ...); renderers use it for built-in labels."""
    owner: str | None = None
    """Team or person who keeps the map alive."""
    reviewed: dt.date | None = None
    """When the map was last checked against reality."""
    version: str | None = None
    """Free-form version label of the design (e.g. `2026-Q4`)."""
    description: str | None = None
    """What the map covers and what it leaves out."""
    personas: list[Persona] = Field(default_factory=list)
    """The people the journey is drawn for."""
    stages: list[Stage] = Field(default_factory=list)
    """Phases of the journey, in order; they become the columns of the map."""
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    """Every place the customer meets the company; stages refer to them by id."""
    lint: LintSettings = Field(default_factory=LintSettings)
    """Linter settings for this map."""
    simulation: SimulationSettings | None = None
    """Parameters for `journeymap simulate` (see the simulator docs)."""
    personalization: MapPolicy | None = None
    """Stage policies for recommendations: per stage, the sources to blend and the filters
    (see docs/personalization.md); an entry for this map in `content/policies.yaml` wins."""

    def persona(self, persona_id: str) -> Persona:
        return _by_id(self.personas, persona_id, "persona")

    def stage(self, stage_id: str) -> Stage:
        return _by_id(self.stages, stage_id, "stage")

    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        return _by_id(self.touchpoints, touchpoint_id, "touchpoint")

    def barriers(self) -> Iterator[tuple[Stage, Barrier]]:
        for stage in self.stages:
            for barrier in stage.barriers:
                yield stage, barrier

    def stages_of_touchpoint(self, touchpoint_id: str) -> list[Stage]:
        return [s for s in self.stages if touchpoint_id in s.touchpoints]

    def _repr_html_(self) -> str:
        """Jupyter shows the map as its HTML rendering."""
        # Looked up at call time: the model layer must not import the renderers.
        render = importlib.import_module("journeymap.render")
        html: str = render.render_html(self, standalone=False)
        return html


_Item = TypeVar("_Item", Persona, Stage, Touchpoint)


def _by_id(items: list[_Item], item_id: str, kind: str) -> _Item:
    for item in items:
        if item.id == item_id:
            return item
    known = ", ".join(i.id for i in items) or "none"
    raise KeyError(f"no {kind} {item_id!r} (known: {known})")
