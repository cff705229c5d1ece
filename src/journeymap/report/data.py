"""The numbers of a living-map report, assembled once and rendered as HTML, JSON or XLSX."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from journeymap.analytics.kpi import KPIResult
from journeymap.analytics.repeat_counts import DEFAULT_REPEAT_BY, RepeatBy
from journeymap.analytics.stages import StageMetrics
from journeymap.model import JourneyMap
from journeymap.report.channel_economics import ChannelEconomics
from journeymap.report.feedback_section import FeedbackSection
from journeymap.report.findings import BarrierImpact, Drift
from journeymap.report.flows import Flows
from journeymap.report.funnel import FunnelStep
from journeymap.report.interventions_section import InterventionsSection
from journeymap.report.personalization_section import PersonalizationSection
from journeymap.report.segments_section import Segmentation


@dataclass
class ReportData:
    journey: JourneyMap
    generated_at: str
    facts: dict[str, Any]
    """Events, persons, first/last timestamp, sources, simulated."""
    segment: str | None = None
    start: str | None = None
    end: str | None = None
    repeat_by: RepeatBy = DEFAULT_REPEAT_BY
    """What one purchase is in the repeat-purchase section and KPI `repeat_rate`."""
    stages: StageMetrics | None = None
    unmeasured: dict[str, str] = field(default_factory=dict)
    """Stage id -> why its bindings cannot measure it (`report.measurability`); its numbers
    and the conversion into it are blank, never 0."""
    kpis: list[KPIResult] = field(default_factory=list)
    flows: Flows | None = None
    funnel: list[FunnelStep] = field(default_factory=list)
    time_in_stage: dict[str, dict[str, float]] = field(default_factory=dict)
    repeat_purchase: dict[str, Any] | None = None
    barriers: list[BarrierImpact] = field(default_factory=list)
    suggested_barriers: list[BarrierImpact] = field(default_factory=list)
    drift: Drift | None = None
    feedback: FeedbackSection | None = None
    """Survey answers in the data: scores per stage, measured emotions, themes."""
    segmentations: list[Segmentation] = field(default_factory=list)
    """Stage numbers per segment value, for the segment switcher (see `segments_section`)."""
    channel_economics: ChannelEconomics | None = None
    """Spend, orders, revenue, CAC, ROMI, ДРР per channel, when the store has ad costs."""
    kpi_trends: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """KPI id -> earlier snapshots (`at`, `value`), oldest first, this run last."""
    notes: list[str] = field(default_factory=list)
    """Sections left out and why."""
    personalization: PersonalizationSection | None = None
    """What each stage is recommended, coverage, offline quality (workspaces with a catalog)."""
    interventions: InterventionsSection | None = None
    """Chains the map's solutions name, with their measured effect against the holdout."""

    @property
    def simulated(self) -> bool:
        return bool(self.facts.get("simulated"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "map": {"id": self.journey.id, "title": self.journey.title},
            "generated_at": self.generated_at,
            "segment": self.segment,
            "from": self.start,
            "to": self.end,
            "repeat_by": self.repeat_by,
            "data": self.facts,
            "stages": self.stages.as_dict() if self.stages else None,
            "unmeasured_stages": self.unmeasured,
            "kpis": [k.as_dict() for k in self.kpis],
            "flows": self.flows.as_dict() if self.flows else None,
            "funnel": [asdict(step) for step in self.funnel],
            "time_in_stage": self.time_in_stage,
            "repeat_purchase": self.repeat_purchase,
            "barriers": [asdict(b) for b in self.barriers],
            "suggested_barriers": [asdict(b) for b in self.suggested_barriers],
            "drift": asdict(self.drift) if self.drift else None,
            "feedback": self.feedback.as_dict() if self.feedback else None,
            "segmentations": [s.as_dict() for s in self.segmentations],
            "channel_economics": self.channel_economics.as_dict()
            if self.channel_economics
            else None,
            "kpi_trends": self.kpi_trends,
            "notes": self.notes,
            "personalization": self.personalization.as_dict() if self.personalization else None,
            "interventions": self.interventions.as_dict() if self.interventions else None,
        }
