"""Feedback on the report: scores per stage, the measured emotion, themes and suggested barriers.

Built from `Survey Answered` events in the report's scope (`feedback_from_events`), linked to the
map (`link_feedback`: the touchpoint/stage the answer names, else the person's touchpoint at
that time). The numbers are exactly those of the feedback library:

- `stage_scores`: `feedback_scores(linked, by=["stage"])`;
- `emotions`: `measured_emotions(linked, journey)`;
- `themes`: `feedback_themes(linked)` (per touchpoint, negative texts);
- `barriers`: `suggest_barriers(feedback_scores(linked, by=["touchpoint"]), themes, journey)`,
  shown next to the barriers suggested by the analytics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import ibis.expr.types as ir

from journeymap.analytics.feedback import (
    EmotionPoint,
    ScoreSummary,
    Theme,
    feedback_from_events,
    feedback_scores,
    feedback_themes,
    link_feedback,
    measured_emotions,
    suggest_barriers,
)
from journeymap.model import Barrier, JourneyMap
from journeymap.report.findings import BarrierImpact

FEEDBACK_SOURCE = "feedback"


@dataclass(frozen=True)
class StageScore:
    """The headline of one score kind at one stage, ready to show."""

    stage: str
    kind: str
    answers: int
    value: float
    """NPS (-100..100), CSAT top-2 share (0..1), or the CES/rating mean."""
    low: float | None
    high: float | None

    @classmethod
    def of(cls, summary: ScoreSummary) -> StageScore:
        headline = summary.headline
        return cls(
            stage=str(summary.group["stage"]),
            kind=summary.kind,
            answers=summary.answers,
            value=headline.value,
            low=None if math.isnan(headline.low) else headline.low,
            high=None if math.isnan(headline.high) else headline.high,
        )


@dataclass
class FeedbackSection:
    answers: int
    stage_scores: list[ScoreSummary] = field(default_factory=list)
    emotions: list[EmotionPoint] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    barriers: list[BarrierImpact] = field(default_factory=list)

    def headlines(self, stage: str) -> list[StageScore]:
        return [StageScore.of(s) for s in self.stage_scores if s.group.get("stage") == stage]

    def emotion(self, stage: str) -> EmotionPoint | None:
        """The measured emotion of all answers at `stage`."""
        return next(
            (p for p in self.emotions if p.stage == stage and p.persona_or_segment is None), None
        )

    def themes_of(self, touchpoint: str | None) -> list[Theme]:
        return [t for t in self.themes if t.touchpoint == touchpoint]

    def as_dict(self) -> dict[str, Any]:
        return {
            "answers": self.answers,
            "stage_scores": [s.to_dict() for s in self.stage_scores],
            "emotions": [p.to_dict() for p in self.emotions],
            "themes": [t.to_dict() for t in self.themes],
        }


def feedback_section(events: ir.Table, journey: JourneyMap) -> FeedbackSection | None:
    """The feedback numbers of `journey` over `events` (raw or bound to `journey`); None when
    there are no survey answers."""
    # cached: the answers are validated (a large expression) once, not once to count them and
    # again to link them
    with feedback_from_events(events).cache() as feedback:
        answers = int(feedback.count().to_pyarrow().as_py())
        if answers == 0:
            return None
        linked = link_feedback(feedback, events, journey).cache()
    themes = feedback_themes(linked)
    by_touchpoint = feedback_scores(linked, by=["touchpoint"])
    return FeedbackSection(
        answers=answers,
        stage_scores=[s for s in feedback_scores(linked, by=["stage"]) if s.group["stage"]],
        emotions=measured_emotions(linked, journey),
        themes=themes,
        barriers=[
            _impact(stage, barrier)
            for stage, barrier in suggest_barriers(by_touchpoint, themes, journey)
        ],
    )


def _impact(stage: str, barrier: Barrier) -> BarrierImpact:
    answers = sum(e.sample_size or 0 for e in barrier.evidence)
    return BarrierImpact(
        id=barrier.id,
        stage=stage,
        text=barrier.text,
        severity=barrier.severity,
        suggested=True,
        touchpoint=barrier.touchpoint,
        persons_affected=answers,
        share_of_stage=None,
        evidence=[e.note or e.source for e in barrier.evidence],
        source=FEEDBACK_SOURCE,
    )
