"""SVG: a standalone vector image of the map grid and the emotion curve.

Text is wrapped by character count (SVG has no text flow); widths are estimated for a sans-serif
font, so lines stay inside their cells for the usual fonts.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

from journeymap.model import JourneyMap
from journeymap.render.emotion_curve import CurveLayout, has_emotions, layout_curve
from journeymap.render.labels import check_language, label_language, labels_for
from journeymap.render.lanes import Cell, Item, build_lanes, fact_text
from journeymap.render.palette import GROUP_FILLS, SEVERITY_FILLS, worst_severity
from journeymap.render.templating import environment

MARGIN = 24.0
LANE_WIDTH = 180.0
STAGE_WIDTH = 240.0
PADDING = 8.0
LINE_HEIGHT = 16.0
TITLE_HEIGHT = 64.0
HEADER_HEIGHT = 44.0
CURVE_HEIGHT = 190.0
CHAR_WIDTH = 6.6
"""Average advance of a 12px sans-serif character, for wrapping."""


@dataclass(frozen=True)
class Line:
    text: str
    kind: str
    """`item` (the item's text), `fact` (its secondary facts) or `lane` (a lane name)."""
    colour: str | None = None


@dataclass(frozen=True)
class SvgCell:
    x: float
    lines: tuple[Line, ...]
    fill: str


@dataclass(frozen=True)
class SvgRow:
    y: float
    height: float
    label: tuple[Line, ...]
    cells: tuple[SvgCell, ...]
    fill: str
    curve: CurveLayout | None = None


def render_svg(journey: JourneyMap, *, language: str | None = None) -> str:
    lang = check_language(language) if language else label_language(journey.language)
    labels = labels_for(lang)
    rows = _rows(journey, labels)
    stage_count = max(len(journey.stages), 1)
    width = 2 * MARGIN + LANE_WIDTH + STAGE_WIDTH * stage_count
    grid_bottom = rows[-1].y + rows[-1].height if rows else MARGIN + TITLE_HEIGHT + HEADER_HEIGHT
    subtitle = " · ".join(
        f"{labels[key]}: {getattr(journey, key)}"
        for key in ("goal", "segment", "owner")
        if getattr(journey, key)
    )
    return (
        environment()
        .get_template("map.svg.j2")
        .render(
            journey=journey,
            lang=lang,
            labels=labels,
            subtitle=subtitle,
            rows=rows,
            width=width,
            height=grid_bottom + MARGIN,
            margin=MARGIN,
            lane_width=LANE_WIDTH,
            stage_width=STAGE_WIDTH,
            header_y=MARGIN + TITLE_HEIGHT,
            header_height=HEADER_HEIGHT,
            grid_bottom=grid_bottom,
            padding=PADDING,
            line_height=LINE_HEIGHT,
            stage_names=[_wrap(stage.name, STAGE_WIDTH, limit=2) for stage in journey.stages],
        )
    )


def _rows(journey: JourneyMap, labels: Mapping[str, str]) -> list[SvgRow]:
    rows: list[SvgRow] = []
    y = MARGIN + TITLE_HEIGHT + HEADER_HEIGHT
    curve = layout_curve(journey, column_width=STAGE_WIDTH, height=CURVE_HEIGHT)
    for lane in build_lanes(journey):
        fill = "#" + GROUP_FILLS[lane.group]
        label = tuple(Line(t, "lane") for t in _wrap(labels[lane.key], LANE_WIDTH))
        cells = tuple(
            SvgCell(MARGIN + LANE_WIDTH + n * STAGE_WIDTH, _cell_lines(cell, labels), _fill(cell))
            for n, cell in enumerate(lane.cells)
        )
        tallest = max([len(label), *(len(c.lines) for c in cells)])
        height = tallest * LINE_HEIGHT + 2 * PADDING
        rows.append(SvgRow(y, height, label, tuple(c for c in cells), fill))
        y += height
        if lane.key == "emotions" and has_emotions(journey):
            legend = [Line(t, "lane") for t in _wrap(labels["emotion_curve"], LANE_WIDTH)]
            legend += [Line(f"● {s.name}", "item", s.colour) for s in curve.series]
            rows.append(SvgRow(y, CURVE_HEIGHT, tuple(legend), (), fill, curve=curve))
            y += CURVE_HEIGHT
    return rows


def _cell_lines(cell: Cell, labels: Mapping[str, str]) -> tuple[Line, ...]:
    lines: list[Line] = []
    for item in cell:
        lines += [Line(t, "item", _colour(item)) for t in _wrap(item.text, STAGE_WIDTH)]
        facts = "; ".join(fact_text(fact, labels) for fact in item.facts)
        if facts:
            lines += [Line(t, "fact") for t in _wrap(facts, STAGE_WIDTH, size=0.9)]
    return tuple(lines)


def _colour(item: Item) -> str | None:
    if item.score is None:
        return None
    return "#15803d" if item.score > 0 else "#b91c1c" if item.score < 0 else None


def _fill(cell: Cell) -> str:
    severity = worst_severity([item.tone for item in cell])
    return "#" + SEVERITY_FILLS[severity] if severity else "none"


def _wrap(text: str, column: float, *, size: float = 1.0, limit: int | None = None) -> list[str]:
    chars = max(8, int((column - 2 * PADDING) / (CHAR_WIDTH * size)))
    lines = textwrap.wrap(text, chars, break_long_words=True) or [""]
    if limit is not None and len(lines) > limit:
        lines = [*lines[: limit - 1], textwrap.shorten(" ".join(lines[limit - 1 :]), chars)]
    return lines
