"""A `measure` that fits a KPI's name ("NPS" → `nps(checkout)`), for the JM405 hint.

Words are stems, English and Russian, so `Доля повторных покупок` and `Repeat purchase rate` both
find `repeat_rate(...)`. Operands are the stage's own touchpoints (else the map's), so the
suggestion can be pasted as it is.
"""

from __future__ import annotations

from journeymap.model.journey import JourneyMap
from journeymap.model.stage import Stage

# Checked in order: the first stem found in the name wins (specific before general).
_BY_NAME: tuple[tuple[tuple[str, ...], str], ...] = (
    (("nps", "рекоменд", "recommend", "промоутер", "promoter"), "nps({one})"),
    (("csat", "удовлетвор", "satisf", "довольн"), "csat({one})"),
    (("ces", "усили", "effort", "лёгкост", "легкост", "ease"), "ces({one})"),
    (("abandon", "отказ", "брош", "drop"), "abandonment({first} -> {second})"),
    (("repeat", "reorder", "повтор", "retention", "удержан"), "repeat_rate({last})"),
    (
        ("time", "время", "врем", "скорост", "speed", "срок", "duration"),
        "median_time({first} -> {second})",
    ),
    (("count", "количеств", "число", "number of"), "count({one})"),
    (("reach", "охват", "доля", "share", "engagement", "вовлеч"), "rate({one})"),
)
_DEFAULT = "conversion({first} -> {second})"


def suggest_measure(name: str, stage: Stage, journey: JourneyMap) -> str:
    """The measure a KPI called `name` at `stage` most likely means."""
    ids = list(stage.touchpoints) or [t.id for t in journey.touchpoints] or ["<touchpoint>"]
    operands = {
        "one": ids[0],
        "first": ids[0],
        "second": ids[1] if len(ids) > 1 else _next_touchpoint(stage, journey) or "<touchpoint>",
        "last": ids[-1],
    }
    text = name.lower()
    for stems, template in _BY_NAME:
        if any(_has_word(text, stem) for stem in stems):
            return template.format(**operands)
    return _DEFAULT.format(**operands)


def _has_word(text: str, stem: str) -> bool:
    # Short codes (NPS, CES) must be whole words: "process" holds "ces", "access" too.
    if len(stem) <= 3:
        return stem in text.replace("-", " ").replace("(", " ").replace(")", " ").split()
    return stem in text


def _next_touchpoint(stage: Stage, journey: JourneyMap) -> str | None:
    ids = [s.id for s in journey.stages]
    index = ids.index(stage.id) if stage.id in ids else -1
    later = journey.stages[index + 1 :] if index >= 0 else []
    return next((s.touchpoints[0] for s in later if s.touchpoints), None)
