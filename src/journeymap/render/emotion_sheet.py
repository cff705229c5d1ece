"""The XLSX emotion sheet: each persona's score per stage, and a native line chart of them.

One series per persona (its colour as on the rendered map, a marker of its own so personas that
share a score stay told apart), the stages on the x axis in map order, the -2..+2 scale on the y
axis. A stage without a persona's score is a gap in her line, not a zero. Further lines (the living
report's emotion as measured) are dashed series on the same axes, their columns after the
personas'.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from openpyxl.chart import LineChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.marker import Marker
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from journeymap.model import JourneyMap
from journeymap.model.emotion import EMOTION_MAX, EMOTION_MIN
from journeymap.render.emotion_curve import persona_colours

MarkerSymbol = Literal["circle", "diamond", "triangle", "square", "x", "star", "plus", "dash"]
MARKERS: tuple[MarkerSymbol, ...] = (
    "circle",
    "diamond",
    "triangle",
    "square",
    "x",
    "star",
    "plus",
    "dash",
)
"""One marker shape per persona (cycled), for readers who do not tell the colours apart."""
LINE_WIDTH = 28575
"""2.25 pt in EMU (12700 per point)."""
CHART_ANCHOR_GAP = 2
"""Empty columns between the score table and the chart."""


@dataclass(frozen=True)
class ExtraLine:
    """A line drawn beside the designed curve, dashed: one value per stage in map order."""

    title: str
    values: Sequence[float | None]
    colour: str
    """`#rrggbb`."""


def emotion_personas(journey: JourneyMap) -> list[tuple[str, str]]:
    """(id, name) of every persona with at least one emotion, in the map's order."""
    names = {p.id: p.name for p in journey.personas}
    return [
        (persona_id, names.get(persona_id, persona_id))
        for persona_id in persona_colours(journey)
        if any(persona_id in stage.emotions for stage in journey.stages)
    ]


def emotion_sheet(
    sheet: Worksheet,
    journey: JourneyMap,
    labels: Mapping[str, str],
    chart_title: str,
    extra_lines: Sequence[ExtraLine] = (),
    *,
    score_format: str | None = None,
) -> LineChart:
    """Write the score table (stages down, personas then extra lines across) and anchor the
    chart beside it."""
    personas = emotion_personas(journey)
    header = [labels["stage"], *(name for _, name in personas), *(e.title for e in extra_lines)]
    for column, text in enumerate(header, start=1):
        sheet.cell(1, column, text).font = Font(bold=True)
    for row, stage in enumerate(journey.stages, start=2):
        sheet.cell(row, 1, stage.name)
        scores = [stage.emotions.get(persona_id) for persona_id, _ in personas]
        values: list[float | None] = [None if e is None else e.score for e in scores]
        values += [line.values[row - 2] for line in extra_lines]
        for column, value in enumerate(values, start=2):
            cell = sheet.cell(row, column, value)
            if score_format is not None:
                cell.number_format = score_format
    sheet.column_dimensions["A"].width = 28
    colours = persona_colours(journey)
    styles = [colours[persona_id] for persona_id, _ in personas]
    styles += [line.colour for line in extra_lines]
    chart = _line_chart(
        sheet, journey, styles, persona_count=len(personas), title=chart_title, labels=labels
    )
    anchor_column = len(header) + CHART_ANCHOR_GAP
    sheet.add_chart(chart, f"{get_column_letter(anchor_column)}2")
    return chart


def _line_chart(
    sheet: Worksheet,
    journey: JourneyMap,
    colours: Sequence[str],
    *,
    persona_count: int,
    title: str,
    labels: Mapping[str, str],
) -> LineChart:
    """One series per column after the first; the first `persona_count` solid, the rest dashed."""
    last_row = len(journey.stages) + 1
    chart = LineChart()
    chart.title = title
    chart.display_blanks = "gap"
    chart.height = 9  # centimetres
    chart.width = max(16, round(3.2 * len(journey.stages)))  # centimetres: 3.2 per stage
    chart.y_axis.title = labels["emotions"]
    chart.x_axis.title = labels["stages"]
    chart.y_axis.scaling.min = EMOTION_MIN
    chart.y_axis.scaling.max = EMOTION_MAX
    chart.y_axis.majorUnit = 1
    chart.y_axis.majorGridlines = ChartLines()
    chart.x_axis.tickLblPos = "low"  # stage names under the plot, also when scores are negative
    chart.x_axis.delete = False  # recent Excel hides axes openpyxl does not mark as shown
    chart.y_axis.delete = False
    data = Reference(sheet, min_col=2, max_col=len(colours) + 1, min_row=1, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last_row))
    for n, (series, colour) in enumerate(zip(chart.series, colours, strict=True)):
        hex_colour = colour.lstrip("#").upper()
        line = LineProperties(solidFill=hex_colour, w=LINE_WIDTH)
        if n >= persona_count:
            line.prstDash = "dash"
        series.smooth = False
        series.graphicalProperties = GraphicalProperties(ln=line)
        series.marker = Marker(
            symbol=MARKERS[n % len(MARKERS)],
            size=8,
            spPr=GraphicalProperties(solidFill=hex_colour, ln=LineProperties(solidFill=hex_colour)),
        )
    return chart
