"""XLSX laid out like the spreadsheet CJMs people share: stages across, lanes down, colours.

Sheets: the map grid (header row and lane column frozen), personas, touchpoints, the action plan
(solutions by priority with owner and status) and, when the map has emotions, the emotion curve
(scores and a native line chart, `emotion_sheet.py`). Every sheet prints landscape A4, one page
wide, repeating its header rows (and the lane column of the map) on each page, with narrow
margins and the title and page number in the footer.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from journeymap.i18n import default_language
from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap
from journeymap.render.action_plan import action_plan
from journeymap.render.emotion_curve import has_emotions
from journeymap.render.emotion_sheet import emotion_sheet
from journeymap.render.grid import GridRow, grid_rows
from journeymap.render.labels import labels_for
from journeymap.render.palette import (
    GROUP_FILLS,
    HEADER_FILL,
    SCORE_FILLS,
    SEVERITY_FILLS,
    worst_severity,
)
from journeymap.render.templating import persona_age

LANE_WIDTH = 28
STAGE_WIDTH = 40
LINE_HEIGHT = 15.0
HEADER_ROW = 3
"""Row 1 holds the title, row 2 the goal and segment, row 3 the stage names."""
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6, "header": 0.2, "footer": 0.25}
"""Print margins in inches: narrow, leaving room for the footer."""


_WRAP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="D1D5DB")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def render_xlsx(journey: JourneyMap, *, language: str | None = None) -> bytes:
    labels = labels_for(language or journey.language)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = _sheet_title(labels["map"])
    _map_sheet(sheet, journey, labels)
    _personas_sheet(book.create_sheet(_sheet_title(labels["personas"])), journey, labels)
    _touchpoints_sheet(book.create_sheet(_sheet_title(labels["touchpoints"])), journey, labels)
    with default_language(language or journey.language):
        plan_title = _("Action plan")
        solution_header = _("Solution")
        page_footer = _("{title}, page &P of &N", title=journey.title.replace("&", "&&"))
    plan = book.create_sheet(_sheet_title(plan_title))
    _action_plan_sheet(plan, journey, labels, solution_header)
    if has_emotions(journey):
        curve = book.create_sheet(_sheet_title(labels["emotion_curve"]))
        emotion_sheet(curve, journey, labels, labels["emotion_curve"])
    for one in book.worksheets:
        _print_setup(one, page_footer)
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    sheet.print_title_cols = "A:A"
    book.properties.title = journey.title
    book.properties.creator = "journeymap"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _map_sheet(sheet: Worksheet, journey: JourneyMap, labels: Mapping[str, str]) -> None:
    last_column = len(journey.stages) + 1
    sheet.cell(1, 1, journey.title).font = Font(bold=True, size=14)
    summary = "   ·   ".join(
        f"{labels[key]}: {getattr(journey, key)}"
        for key in ("goal", "segment", "owner", "reviewed")
        if getattr(journey, key)
    )
    sheet.cell(2, 1, summary).font = Font(italic=True, color="4B5563")
    if last_column > 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_column)
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_column)
    header = [labels["lane"], *(stage.name for stage in journey.stages)]
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(HEADER_ROW, column, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _fill(HEADER_FILL)
        cell.alignment = _WRAP
        cell.border = _BORDER
    for offset, row in enumerate(grid_rows(journey, labels), start=1):
        _grid_row(sheet, HEADER_ROW + offset, row, labels)
    sheet.column_dimensions["A"].width = LANE_WIDTH
    for column in range(2, last_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = STAGE_WIDTH
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"


def _grid_row(sheet: Worksheet, row_number: int, row: GridRow, labels: Mapping[str, str]) -> None:
    lane_fill = GROUP_FILLS[row.lane.group]
    label = sheet.cell(row_number, 1, row.label)
    label.font = Font(bold=True)
    label.fill = _fill(lane_fill)
    label.alignment = _WRAP
    label.border = _BORDER
    texts = row.texts(labels)
    for column, (cell_items, text) in enumerate(zip(row.cells, texts, strict=True), start=2):
        cell = sheet.cell(row_number, column, text or None)
        cell.alignment = _WRAP
        cell.border = _BORDER
        colour = lane_fill
        scores = [item.score for item in cell_items if item.score is not None]
        severity = worst_severity([item.tone for item in cell_items])
        if scores:
            colour = SCORE_FILLS[scores[0]]
            cell.font = Font(bold=True)
        elif severity:
            colour = SEVERITY_FILLS[severity]
        cell.fill = _fill(colour)
    sheet.row_dimensions[row_number].height = max(
        _height([row.label], LANE_WIDTH), *(_height(t.split("\n"), STAGE_WIDTH) for t in texts)
    )


def _personas_sheet(sheet: Worksheet, journey: JourneyMap, labels: Mapping[str, str]) -> None:
    single = ("name", "age", "occupation", "context")
    lists = ("goals", "needs", "fears", "values", "motives")
    rows = []
    for persona in journey.personas:
        row = [persona.name, persona_age(persona), persona.occupation or "", persona.context or ""]
        row += ["\n".join(getattr(persona, key)) for key in lists]
        row += [persona.quote or "", "\n".join(persona.channels), "\n".join(persona.devices)]
        rows.append(row)
    keys = (*single, *lists, "quote", "channels", "devices")
    _table_sheet(sheet, [labels[key] for key in keys], rows, width=26)


def _touchpoints_sheet(sheet: Worksheet, journey: JourneyMap, labels: Mapping[str, str]) -> None:
    keys = ("name", "kind", "channel", "department", "owner", "stages", "measurable")
    rows = [
        [
            tp.name,
            labels[tp.kind],
            tp.channel or "",
            tp.department or "",
            tp.owner or "",
            "\n".join(s.name for s in journey.stages_of_touchpoint(tp.id)),
            labels["yes" if tp.bindings else "no"],
        ]
        for tp in journey.touchpoints
    ]
    _table_sheet(sheet, [labels[key] for key in keys], rows, width=22)


def _table_sheet(
    sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[str]], *, width: int
) -> None:
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(1, column, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _fill(HEADER_FILL)
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row_number, values in enumerate(rows, start=2):
        for column, text in enumerate(values, start=1):
            cell = sheet.cell(row_number, column, text or None)
            cell.alignment = _WRAP
            cell.border = _BORDER
        sheet.row_dimensions[row_number].height = max(
            _height(str(text).split("\n"), width) for text in values
        )
    sheet.freeze_panes = "B2"


def _action_plan_sheet(
    sheet: Worksheet, journey: JourneyMap, labels: Mapping[str, str], solution_header: str
) -> None:
    header = [
        labels["priority"],
        solution_header,
        labels["for_barrier"],
        labels["stage"],
        labels["owner"],
        labels["status"],
    ]
    rows = [
        [
            "" if r.priority is None else f"{r.priority:g}",
            r.solution,
            r.barrier,
            r.stage,
            r.owner,
            labels.get(r.status, r.status),
        ]
        for r in action_plan(journey)
    ]
    _table_sheet(sheet, header, rows, width=26)
    sheet.column_dimensions["A"].width = 11


def _print_setup(sheet: Worksheet, footer: str) -> None:
    """Landscape A4, as wide as one page, as many pages down as needed; header rows repeat;
    narrow margins (inches) and the map's title with the page number in the footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    sheet.page_margins = PageMargins(**MARGINS)
    sheet.print_options.horizontalCentered = True
    footer_item = sheet.oddFooter
    assert footer_item is not None  # openpyxl creates the header and footer of every sheet
    footer_item.center.text = footer
    footer_item.center.size = 8


def _height(lines: Sequence[str], width: int) -> float:
    """Row height for wrapped text: spreadsheet apps do not grow rows written by a library."""
    count = sum(max(1, math.ceil(len(line) / (width * 1.1))) for line in lines)
    return LINE_HEIGHT * max(count, 1) + 4


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _sheet_title(text: str) -> str:
    # Excel forbids these characters in sheet names and limits them to 31 characters.
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31]
