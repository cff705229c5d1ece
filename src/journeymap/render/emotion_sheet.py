"""The XLSX emotion sheet: each persona's score per stage, and a native line chart of them.

One series per persona (its colour as on the rendered map, a marker of its own so personas that
share a score stay told apart), the stages on the x axis in map order, the -2..+2 scale on the y
axis. A stage without a persona's score is a gap in her line, not a zero.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def emotion_personas(journey: JourneyMap) -> list[tuple[str, str]]:
    """(id, name) of every persona with at least one emotion, in the map's order."""
    names = {p.id: p.name for p in journey.personas}
    return [
        (persona_id, names.get(persona_id, persona_id))
        for persona_id in persona_colours(journey)
        if any(persona_id in stage.emotions for stage in journey.stages)
    ]


def emotion_sheet(
    sheet: Worksheet, journey: JourneyMap, labels: Mapping[str, str], chart_title: str
) -> LineChart:
    """Write the score table (stages down, personas across) and anchor the chart beside it."""
    personas = emotion_personas(journey)
    header = [labels["stage"], *(name for _, name in personas)]
    for column, text in enumerate(header, start=1):
        sheet.cell(1, column, text).font = Font(bold=True)
    for row, stage in enumerate(journey.stages, start=2):
        sheet.cell(row, 1, stage.name)
        for column, (persona_id, _) in enumerate(personas, start=2):
            emotion = stage.emotions.get(persona_id)
            sheet.cell(row, column, None if emotion is None else emotion.score)
    sheet.column_dimensions["A"].width = 28
    chart = _line_chart(sheet, journey, len(personas), chart_title, labels)
    anchor_column = len(header) + CHART_ANCHOR_GAP
    sheet.add_chart(chart, f"{get_column_letter(anchor_column)}2")
    return chart


def _line_chart(
    sheet: Worksheet, journey: JourneyMap, count: int, title: str, labels: Mapping[str, str]
) -> LineChart:
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
    data = Reference(sheet, min_col=2, max_col=count + 1, min_row=1, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last_row))
    colours = persona_colours(journey)
    for n, (series, (persona_id, _)) in enumerate(
        zip(chart.series, emotion_personas(journey), strict=True)
    ):
        colour = colours[persona_id].lstrip("#").upper()
        series.smooth = False
        series.graphicalProperties = GraphicalProperties(
            ln=LineProperties(solidFill=colour, w=LINE_WIDTH)
        )
        series.marker = Marker(
            symbol=MARKERS[n % len(MARKERS)],
            size=8,
            spPr=GraphicalProperties(solidFill=colour, ln=LineProperties(solidFill=colour)),
        )
    return chart
