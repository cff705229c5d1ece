"""Emotions from data: the measured emotion per stage and persona/segment on the -2..+2 scale.

Each source of evidence becomes a point on -2..+2 (linear maps of the scales' natural ranges):

| source | measure | to -2..+2 |
|---|---|---|
| NPS answers | NPS, -100..100 | NPS / 50 |
| CSAT answers | mean, 1..5 | mean - 3 |
| star ratings | mean, 1..5 | mean - 3 |
| CES answers | mean, 1..7 (7 = very easy) | (mean - 4) * 2 / 3 |
| texts | mean sentiment, -1..1 | 2 * mean |

The measured emotion is the mean of those points weighted by their numbers of answers; its
standard error combines theirs the same way (sqrt(sum(n_k^2 se_k^2)) / sum(n_k)) and the interval
is +- 1.96 SE, clipped to -2..+2. A text that comes with a score counts in both sources.
Groups: every stage for each segment (or persona id) found in the feedback, and for all answers
(`persona_or_segment` None). "As designed" is the persona's emotion on the map when the segment
is a persona id, and the mean over the stage's personas for all answers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import ibis.expr.types as ir

from journeymap.analytics.feedback.intervals import Interval, Z
from journeymap.analytics.feedback.link import fill_stages
from journeymap.analytics.feedback.scores import ScoreSummary, feedback_scores
from journeymap.analytics.feedback.text_groups import feedback_texts, sentiment_by
from journeymap.i18n import gettext as _
from journeymap.model.journey import JourneyMap

EMOTION_RANGE: Final = (-2.0, 2.0)


@dataclass(frozen=True)
class EmotionPoint:
    stage: str
    persona_or_segment: str | None
    """A segment or persona id from the feedback; None = all answers."""
    designed: float | None
    """The emotion on the map ("as designed"), None when the map has none for this group."""
    measured: float
    """The emotion from data ("as measured"), -2..+2."""
    low: float | None
    high: float | None
    answers: int
    """Answers behind the point (scores plus texts without a score)."""
    components: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per source (nps, csat, ces, rating, sentiment): its value on -2..+2 and answers."""

    @property
    def gap(self) -> float | None:
        """measured - designed: negative when reality is worse than the design."""
        return None if self.designed is None else self.measured - self.designed

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "gap": self.gap}


def to_emotion_scale(kind: str, value: float) -> float:
    """A measure of `kind` (see the table above) on the -2..+2 scale."""
    if kind == "nps":
        return value / 50
    if kind in ("csat", "rating"):
        return value - 3
    if kind == "ces":
        return (value - 4) * 2 / 3
    if kind == "sentiment":
        return 2 * value
    raise ValueError(_("no emotion mapping for {kind!r}", kind=kind))


def _scale_factor(kind: str) -> float:
    return {"nps": 1 / 50, "csat": 1.0, "rating": 1.0, "ces": 2 / 3, "sentiment": 2.0}[kind]


def measured_emotions(feedback: ir.Table, journey: JourneyMap) -> list[EmotionPoint]:
    """Measured vs designed emotion per stage (map order) and segment, then for all answers."""
    filled = fill_stages(feedback, journey)
    parts: dict[tuple[str, str | None], list[tuple[str, Interval, int]]] = {}
    rows = [r for r in feedback_texts(filled) if r.get("stage")]
    for keys in (("stage", "segment"), ("stage",)):
        for summary in feedback_scores(filled, list(keys)):
            _add_score(parts, summary)
        for text_summary in sentiment_by(rows, list(keys)):
            key = (text_summary.group["stage"], text_summary.group.get("segment"))
            parts.setdefault(key, []).append(("sentiment", text_summary.mean, text_summary.texts))
    answers = _answers(filled)
    order = {stage.id: i for i, stage in enumerate(journey.stages)}
    points = [
        _point(stage, segment, components, journey, answers.get((stage, segment), 0))
        for (stage, segment), components in parts.items()
        if stage is not None
    ]
    return sorted(
        points,
        key=lambda p: (
            order.get(p.stage, len(order)),
            p.stage,
            p.persona_or_segment is None,
            str(p.persona_or_segment),
        ),
    )


def _add_score(
    parts: dict[tuple[str, str | None], list[tuple[str, Interval, int]]], summary: ScoreSummary
) -> None:
    stage = summary.group["stage"]
    if stage is None:
        return
    segment = summary.group.get("segment")
    measure = summary.nps if summary.nps is not None else summary.mean
    key = (stage, segment) if "segment" in summary.group else (stage, None)
    if "segment" in summary.group and segment is None:
        return
    parts.setdefault(key, []).append((summary.kind, measure, summary.answers))


def _point(
    stage: str,
    segment: str | None,
    components: Sequence[tuple[str, Interval, int]],
    journey: JourneyMap,
    answers: int,
) -> EmotionPoint:
    total = sum(n for _, _, n in components)
    measured = sum(to_emotion_scale(k, m.value) * n for k, m, n in components) / total
    variance = sum((n * m.se * _scale_factor(k)) ** 2 for k, m, n in components) / total**2
    low = high = None
    if not math.isnan(variance):
        se = math.sqrt(variance)
        low = max(EMOTION_RANGE[0], measured - Z * se)
        high = min(EMOTION_RANGE[1], measured + Z * se)
    details = {
        kind: {"value": to_emotion_scale(kind, m.value), "answers": float(n)}
        for kind, m, n in components
    }
    return EmotionPoint(
        stage=stage,
        persona_or_segment=segment,
        designed=_designed(journey, stage, segment),
        measured=max(EMOTION_RANGE[0], min(EMOTION_RANGE[1], measured)),
        low=low,
        high=high,
        answers=answers,
        components=details,
    )


def _designed(journey: JourneyMap, stage_id: str, segment: str | None) -> float | None:
    try:
        stage = journey.stage(stage_id)
    except KeyError:
        return None
    if segment is None:
        scores = [e.score for e in stage.emotions.values()]
        return sum(scores) / len(scores) if scores else None
    emotion = stage.emotions.get(segment)
    return None if emotion is None else float(emotion.score)


def _answers(feedback: ir.Table) -> dict[tuple[str, str | None], int]:
    counted: dict[tuple[str, str | None], int] = {}
    for keys in (["stage", "segment"], ["stage"]):
        rows = feedback.group_by(keys).aggregate(n=feedback.count()).to_pyarrow().to_pylist()
        for row in rows:
            if "segment" in keys and row["segment"] is None:
                continue
            counted[(row["stage"], row.get("segment"))] = int(row["n"])
    return counted
