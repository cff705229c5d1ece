"""Stages: the phases of a journey, with the lanes of the map as fields."""

from __future__ import annotations

from pydantic import Field

from journeymap.model.barrier import Barrier
from journeymap.model.base import MapModel, Slug, TextList
from journeymap.model.emotion import Emotion
from journeymap.model.evidence import Evidence
from journeymap.model.kpi import KPI
from journeymap.model.solution import Solution


class Stage(MapModel):
    id: Slug
    name: str = Field(min_length=1)
    """Stage name as the customer would recognise it."""
    description: str | None = None
    """What happens at this stage."""
    customer_goals: TextList
    """What the customer wants to achieve at this stage."""
    expectations: TextList
    """What the customer expects from the company here."""
    fears: TextList
    """What worries the customer here."""
    motives: TextList
    """What moves the customer forward."""
    actions: TextList
    """What the customer does."""
    thoughts: TextList
    """What the customer thinks or says, in her words."""
    touchpoints: TextList
    """Ids of touchpoints (from the map's `touchpoints` list) used at this stage."""
    emotions: dict[str, Emotion] = Field(default_factory=dict)
    """Emotion per persona id on the -2..+2 scale."""
    barriers: list[Barrier] = Field(default_factory=list)
    """What stops customers moving on from this stage."""
    opportunities: list[Solution] = Field(default_factory=list)
    """Improvements for this stage that are not tied to one barrier."""
    kpis: list[KPI] = Field(default_factory=list)
    """How success at this stage is measured."""
    marketer_tasks: TextList
    """What marketing must do here (inform, convince, remind, retain, ...)."""
    departments: TextList
    """Departments involved at this stage."""
    frontstage: TextList
    """Service blueprint: what employees do in front of the customer."""
    backstage: TextList
    """Service blueprint: what employees do out of the customer's sight."""
    support_processes: TextList
    """Service blueprint: systems and processes that make it possible."""
    evidence: list[Evidence] = Field(default_factory=list)
    """Research behind the claims of this stage."""
