"""The lanes as plain-text rows for tabular formats (CSV, XLSX, Markdown).

Emotions get one row per persona so a spreadsheet can colour each score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from journeymap.model import JourneyMap
from journeymap.render.lanes import Cell, Item, Lane, build_lanes, fact_text, item_text


@dataclass(frozen=True)
class GridRow:
    lane: Lane
    label: str
    cells: tuple[Cell, ...]
    persona: str | None = None
    """Persona id for the per-persona emotion rows."""

    def texts(self, labels: Mapping[str, str], separator: str = "\n") -> list[str]:
        return [
            separator.join(self.item_line(item, labels) for item in cell) for cell in self.cells
        ]

    def item_line(self, item: Item, labels: Mapping[str, str]) -> str:
        if self.persona is not None:
            # The row already names the persona: the cell is the score and its word.
            return " ".join(fact_text(fact, labels) for fact in item.facts)
        return item_text(item, labels)


def grid_rows(
    journey: JourneyMap, labels: Mapping[str, str], *, emotions_per_persona: bool = True
) -> list[GridRow]:
    rows = []
    for lane in build_lanes(journey):
        label = labels[lane.key]
        if lane.key == "emotions" and emotions_per_persona:
            rows += _emotion_rows(lane, label)
        else:
            rows.append(GridRow(lane, label, lane.cells))
    return rows


def _emotion_rows(lane: Lane, label: str) -> list[GridRow]:
    personas: dict[str, str] = {}
    for cell in lane.cells:
        for item in cell:
            if item.ref is not None:
                personas.setdefault(item.ref, item.text)
    return [
        GridRow(
            lane,
            f"{label}: {name}",
            tuple(tuple(item for item in cell if item.ref == persona_id) for cell in lane.cells),
            persona=persona_id,
        )
        for persona_id, name in personas.items()
    ]
