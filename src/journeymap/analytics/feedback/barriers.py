"""Negative feedback themes become suggested barriers on the map.

A theme becomes a barrier when it is not `other`, has at least `min_answers` texts and a negative
mean sentiment. It is placed on the stage of its touchpoint (the theme's stage, else the first
stage listing the touchpoint) and marked `suggested: true`, so a person confirms it before it
counts as designed. Its evidence says where it comes from (`survey` when most texts came with a
score, `support` otherwise), how many answers, and quotes them.

Severity: the theme's share of the negative texts at the touchpoint, raised one step when the
touchpoint's headline score is poor (NPS below 0, CSAT share below 60%, CES or rating mean below
the middle of its scale):

| share | severity |
|---|---|
| >= 40% | high |
| >= 20% | medium |
| below | low |
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from journeymap.analytics.feedback.scores import ScoreSummary
from journeymap.analytics.feedback.themes import OTHER, Theme
from journeymap.i18n import format_percent, ngettext, supported, use_language
from journeymap.model.barrier import Barrier, Severity
from journeymap.model.evidence import Evidence
from journeymap.model.journey import JourneyMap

SEVERITIES: Final[tuple[Severity, ...]] = ("low", "medium", "high", "critical")
_NOT_SLUG = re.compile(r"[^A-Za-z0-9_.\-]+")


def suggest_barriers(
    feedback_scores: Sequence[ScoreSummary],
    themes: Sequence[Theme],
    journey: JourneyMap,
    *,
    min_answers: int = 5,
) -> list[tuple[str, Barrier]]:
    """(stage id, suggested barrier) for each negative theme, most answers first.

    `feedback_scores` should be grouped by touchpoint (`feedback_scores(fb, by=["touchpoint"])`);
    `themes` come from `feedback_themes(...)` (per touchpoint).
    """
    poor = {s.group.get("touchpoint") for s in feedback_scores if _is_poor(s)}
    existing = {b.id for _, b in journey.barriers()}
    suggested: list[tuple[int, str, Barrier]] = []
    for theme in themes:
        if theme.id == OTHER or theme.size < min_answers or theme.sentiment >= 0:
            continue
        stage_id = _stage_for(theme, journey)
        if stage_id is None:
            continue
        barrier_id = _slug(f"feedback-{theme.touchpoint or stage_id}-{theme.id}")
        if barrier_id in existing:
            continue
        suggested.append(
            (theme.size, stage_id, _barrier(theme, barrier_id, theme.touchpoint in poor, journey))
        )
    suggested.sort(key=lambda item: (-item[0], item[2].id))
    return [(stage_id, barrier) for _, stage_id, barrier in suggested]


def _barrier(theme: Theme, barrier_id: str, poor_score: bool, journey: JourneyMap) -> Barrier:
    touchpoint_id = theme.touchpoint
    with use_language(supported(journey.language) or "en"):  # the map's words, not the run's
        share = format_percent(theme.share)
        if touchpoint_id is None:
            text = ngettext(
                "{theme}: {count} negative answer ({share})",
                "{theme}: {count} negative answers ({share})",
                theme.size,
                theme=theme.name,
                share=share,
            )
        else:
            known = {t.id: t.name for t in journey.touchpoints}
            text = ngettext(
                "{theme}: {count} negative answer ({share}) at {touchpoint}",
                "{theme}: {count} negative answers ({share}) at {touchpoint}",
                theme.size,
                theme=theme.name,
                share=share,
                touchpoint=known.get(touchpoint_id, touchpoint_id),
            )
    quotes = "; ".join(f"“{q}”" for q in theme.quotes)
    source = "survey" if theme.scored_answers * 2 >= theme.size else "support"
    return Barrier(
        id=barrier_id,
        text=text,
        severity=_severity(theme.share, poor_score),
        evidence=[Evidence(source=source, note=quotes or None, sample_size=theme.size)],
        touchpoint=touchpoint_id if touchpoint_id in {t.id for t in journey.touchpoints} else None,
        suggested=True,
    )


def _severity(share: float, poor_score: bool) -> Severity:
    level = 2 if share >= 0.4 else 1 if share >= 0.2 else 0
    return SEVERITIES[min(level + int(poor_score), len(SEVERITIES) - 1)]


def _is_poor(summary: ScoreSummary) -> bool:
    if summary.nps is not None:
        return summary.nps.value < 0
    if summary.kind == "csat" and summary.top_share is not None:
        return summary.top_share.value < 0.6
    middle = {"ces": 4.0, "rating": 3.0}.get(summary.kind, 3.0)
    return summary.mean.value < middle


def _stage_for(theme: Theme, journey: JourneyMap) -> str | None:
    stage_ids = {s.id for s in journey.stages}
    if theme.stage in stage_ids:
        return theme.stage
    if theme.touchpoint is not None:
        stages = journey.stages_of_touchpoint(theme.touchpoint)
        if stages:
            return stages[0].id
    return None


def _slug(text: str) -> str:
    return _NOT_SLUG.sub("-", text).strip("-")[:80]
