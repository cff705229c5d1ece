"""Mermaid `journey` diagram: a section per stage, tasks from actions or touchpoints.

Mermaid scores tasks 1..5; the map's -2..+2 emotion (averaged over personas) maps to score + 3.
The personas with an emotion at a stage are the task's actors.
"""

from __future__ import annotations

import math
import re

from journeymap.model import JourneyMap, Stage

NEUTRAL_SCORE = 3

# ':' separates task, score and actors; ';' and '#' end or start Mermaid statements.
_UNSAFE = re.compile(r"\s*[:;#\n\r][:;#\s]*")


def render_mermaid(journey: JourneyMap) -> str:
    lines = ["journey", f"    title {_clean(journey.title)}"]
    names = {p.id: p.name for p in journey.personas}
    for stage in journey.stages:
        lines.append(f"    section {_clean(stage.name)}")
        score = mermaid_score(stage)
        actors = ", ".join(_clean(names.get(p, p)) for p in stage.emotions)
        for task in _tasks(journey, stage):
            lines.append(f"      {task}: {score}" + (f": {actors}" if actors else ""))
    return "\n".join(lines) + "\n"


def mermaid_score(stage: Stage) -> int:
    """The stage's mean emotion on Mermaid's 1..5 scale (3 when no emotion is given)."""
    if not stage.emotions:
        return NEUTRAL_SCORE
    mean = sum(e.score for e in stage.emotions.values()) / len(stage.emotions)
    # Half up, so -1.5 (between negative and very negative) stays 2, not banker's 1.
    return math.floor(mean + 0.5) + NEUTRAL_SCORE


def _tasks(journey: JourneyMap, stage: Stage) -> list[str]:
    if stage.actions:
        texts = stage.actions
    elif stage.touchpoints:
        touchpoints = {tp.id: tp.name for tp in journey.touchpoints}
        texts = [touchpoints.get(tp, tp) for tp in stage.touchpoints]
    else:
        texts = [stage.name]
    return [_clean(text) for text in texts]


def _clean(text: str) -> str:
    return " ".join(_UNSAFE.sub(" - ", text).split()) or "-"
