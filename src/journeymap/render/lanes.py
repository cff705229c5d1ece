"""The map as a grid of lanes (rows) by stages (columns), shared by every renderer.

A lane holds one cell per stage; a cell holds items. Items keep their secondary facts (severity,
owner, status, ...) structured, so each renderer can lay them out and translate built-in words.
Lanes with no content on any stage are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from journeymap.i18n.formatting import format_number
from journeymap.model import KPI, Barrier, Evidence, JourneyMap, Solution, Stage
from journeymap.render.measure_text import measure_sentence, priority_formula

TEXT_LANES_BEFORE = ("customer_goals", "expectations", "fears", "motives", "actions", "thoughts")
TEXT_LANES_AFTER = ("marketer_tasks", "departments", "frontstage", "backstage", "support_processes")

LANE_KEYS: tuple[str, ...] = (
    *TEXT_LANES_BEFORE,
    "touchpoints",
    "emotions",
    "barriers",
    "solutions",
    "kpis",
    *TEXT_LANES_AFTER,
)
"""Every lane a map can have, in the order they are drawn."""

LANE_GROUPS: Mapping[str, str] = {
    "customer_goals": "customer",
    "expectations": "customer",
    "fears": "customer",
    "motives": "customer",
    "actions": "customer",
    "thoughts": "customer",
    "touchpoints": "interaction",
    "emotions": "emotion",
    "barriers": "problem",
    "solutions": "solution",
    "kpis": "business",
    "marketer_tasks": "business",
    "departments": "business",
    "frontstage": "blueprint",
    "backstage": "blueprint",
    "support_processes": "blueprint",
}
"""Lanes of one group share a colour in HTML, SVG and XLSX."""


@dataclass(frozen=True)
class Fact:
    """A secondary fact about an item: `owner: Anna`, `high`, `target: 12%`."""

    value: str
    key: str | None = None
    """Built-in label naming the fact, or None to show the value alone."""
    translated: bool = False
    """The value is itself a built-in label key (a severity, status, kind, ...)."""
    note: str | None = None
    """Free text shown after the value (e.g. an evidence note)."""
    title: str | None = None
    """Shown on hover in HTML: the code behind a sentence, the formula behind a number."""


@dataclass(frozen=True)
class Item:
    text: str
    facts: tuple[Fact, ...] = ()
    tone: str | None = None
    """Style hint: `severity-high`, `status-done`, `score-neg1`, ..."""
    score: int | None = None
    """Emotion score for emotion items."""
    ref: str | None = None
    """Id of what the item stands for (persona id for emotions, barrier id for barriers)."""


Cell = tuple[Item, ...]


@dataclass(frozen=True)
class Lane:
    key: str
    cells: tuple[Cell, ...]
    """One cell per stage, in stage order."""

    @property
    def group(self) -> str:
        return LANE_GROUPS[self.key]


def build_lanes(journey: JourneyMap) -> list[Lane]:
    """Every lane that has content on at least one stage, in drawing order."""
    lanes = []
    for key in LANE_KEYS:
        lane = Lane(key, tuple(_cell(journey, stage, key) for stage in journey.stages))
        if any(lane.cells):
            lanes.append(lane)
    return lanes


def _cell(journey: JourneyMap, stage: Stage, key: str) -> Cell:
    if key == "touchpoints":
        return tuple(_touchpoint_item(journey, tp_id) for tp_id in stage.touchpoints)
    if key == "emotions":
        return _emotion_items(journey, stage)
    if key == "barriers":
        return tuple(_barrier_item(journey, barrier) for barrier in stage.barriers)
    if key == "solutions":
        for_barriers = [
            _solution_item(solution, barrier, journey.language)
            for barrier in stage.barriers
            for solution in barrier.solutions
        ]
        return (
            *for_barriers,
            *(_solution_item(s, None, journey.language) for s in stage.opportunities),
        )
    if key == "kpis":
        return tuple(_kpi_item(kpi, journey) for kpi in stage.kpis)
    texts: list[str] = getattr(stage, key)
    return tuple(Item(text) for text in texts)


def _touchpoint_item(journey: JourneyMap, touchpoint_id: str) -> Item:
    known = {tp.id: tp for tp in journey.touchpoints}
    touchpoint = known.get(touchpoint_id)
    if touchpoint is None:
        return Item(touchpoint_id)
    facts = [Fact(touchpoint.kind, translated=True)]
    if touchpoint.channel:
        facts.append(Fact(touchpoint.channel, key="channel"))
    department = touchpoint.department or touchpoint.owner
    if department:
        facts.append(Fact(department, key="department"))
    return Item(touchpoint.name, tuple(facts), tone=f"kind-{touchpoint.kind}", ref=touchpoint.id)


def persona_names(journey: JourneyMap) -> dict[str, str]:
    return {persona.id: persona.name for persona in journey.personas}


def _emotion_items(journey: JourneyMap, stage: Stage) -> Cell:
    names = persona_names(journey)
    order = [p for p in names if p in stage.emotions]
    order += [p for p in stage.emotions if p not in names]
    items = []
    for persona_id in order:
        emotion = stage.emotions[persona_id]
        facts = [Fact(format_score(emotion.score))]
        if emotion.label:
            facts.append(Fact(emotion.label))
        items.append(
            Item(
                names.get(persona_id, persona_id),
                tuple(facts),
                tone=score_tone(emotion.score),
                score=emotion.score,
                ref=persona_id,
            )
        )
    return tuple(items)


def _barrier_item(journey: JourneyMap, barrier: Barrier) -> Item:
    facts = [Fact(barrier.severity, key="severity", translated=True)]
    if barrier.touchpoint:
        names = {tp.id: tp.name for tp in journey.touchpoints}
        facts.append(Fact(names.get(barrier.touchpoint, barrier.touchpoint), key="at_touchpoint"))
    facts += evidence_facts(barrier.evidence)
    return Item(barrier.text, tuple(facts), tone=f"severity-{barrier.severity}", ref=barrier.id)


def evidence_facts(evidence: list[Evidence]) -> list[Fact]:
    return [Fact(item.source, key="evidence", translated=True, note=item.note) for item in evidence]


def _solution_item(solution: Solution, barrier: Barrier | None, language: str | None) -> Item:
    facts = []
    if solution.owner:
        facts.append(Fact(solution.owner, key="owner"))
    facts.append(Fact(solution.status, key="status", translated=True))
    if solution.chain:
        facts.append(Fact(solution.chain, key="automation"))  # the chain that runs it
    if solution.priority is not None:
        formula = priority_formula(solution, language)
        facts.append(
            Fact(format_number(solution.priority, language=language), key="priority", title=formula)
        )
    if barrier is not None:
        facts.append(Fact(barrier.text, key="for_barrier"))
    return Item(solution.text, tuple(facts), tone=f"status-{solution.status}")


def _kpi_item(kpi: KPI, journey: JourneyMap) -> Item:
    facts = []
    if kpi.target is not None:
        facts.append(Fact(format_quantity(kpi.target, kpi.unit), key="target"))
    facts.append(Fact(kpi.direction, translated=True))
    if kpi.measure:
        sentence = measure_sentence(kpi.measure, journey)
        facts.append(Fact(sentence, key="measure", title=kpi.measure))
    if kpi.measured is not None:
        value = format_quantity(kpi.measured.value, kpi.unit)
        facts.append(Fact(value, key="measured", note=kpi.measured.at.isoformat()))
    if kpi.owner:
        facts.append(Fact(kpi.owner, key="owner"))
    return Item(kpi.name, tuple(facts), tone=f"direction-{kpi.direction}", ref=kpi.id)


def format_quantity(value: float, unit: str | None) -> str:
    """`0.12` with no unit is a share (shown as 12%); otherwise the number and its unit."""
    if unit is None and 0 < abs(value) < 1:
        return f"{value * 100:g}%"
    if unit is None:
        return f"{value:g}"
    if unit == "%":
        return f"{value:g}%"
    return f"{value:g} {unit}"


def format_score(score: int) -> str:
    return f"+{score}" if score > 0 else str(score)


def score_tone(score: int) -> str:
    """CSS-safe name of a score: `score-neg2` .. `score-0` .. `score-pos2`."""
    if score > 0:
        return f"score-pos{score}"
    if score < 0:
        return f"score-neg{-score}"
    return "score-0"


def fact_text(fact: Fact, labels: Mapping[str, str]) -> str:
    value = labels.get(fact.value, fact.value) if fact.translated else fact.value
    if fact.note:
        value = f"{value} — {fact.note}"
    return f"{labels[fact.key]}: {value}" if fact.key else value


def item_text(item: Item, labels: Mapping[str, str]) -> str:
    """One line for text formats: `Text (fact; fact; ...)`."""
    if not item.facts:
        return item.text
    return f"{item.text} ({'; '.join(fact_text(f, labels) for f in item.facts)})"
