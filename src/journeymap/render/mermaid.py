"""Mermaid `journey` diagram: one section per persona, a task per stage with that persona's score.

Mermaid scores tasks 1..5; a persona's -2..+2 emotion maps to score + 3. Personas are never
averaged (a +2 and a -2 would show as a neutral 3): each persona gets its own section, whose tasks
are the stages where it has an emotion, named after the stage and its emotion word. A map without
emotions keeps one section per stage, its tasks the stage's actions (or touchpoints), neutral.
"""

from __future__ import annotations

import re

from journeymap.model import JourneyMap, Stage

NEUTRAL_SCORE = 3

# ':' separates task, score and actors; ';' and '#' end or start Mermaid statements.
_UNSAFE = re.compile(r"\s*[:;#\n\r][:;#\s]*")


def render_mermaid(journey: JourneyMap) -> str:
    lines = ["journey", f"    title {_clean(journey.title)}"]
    names = {p.id: p.name for p in journey.personas}
    personas = list(names) + [
        p for stage in journey.stages for p in stage.emotions if p not in names
    ]
    personas = list(dict.fromkeys(personas))
    sections = 0
    for persona_id in personas:
        scored = [s for s in journey.stages if persona_id in s.emotions]
        if not scored:
            continue
        actor = _clean(names.get(persona_id, persona_id))
        lines.append(f"    section {actor}")
        sections += 1
        for stage in scored:
            emotion = stage.emotions[persona_id]
            task = stage.name + (f" - {emotion.label}" if emotion.label else "")
            lines.append(f"      {_clean(task)}: {emotion.score + NEUTRAL_SCORE}: {actor}")
    if not sections:
        for stage in journey.stages:
            lines.append(f"    section {_clean(stage.name)}")
            lines += [f"      {task}: {NEUTRAL_SCORE}" for task in _tasks(journey, stage)]
    return "\n".join(lines) + "\n"


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
