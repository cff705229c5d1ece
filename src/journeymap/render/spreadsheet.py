"""XLSX laid out like the spreadsheet CJMs people share: stages across, lanes down, colours.

Sheets: the map grid (header row and lane column frozen), personas, touchpoints, the action plan
(solutions by priority with owner and status) and, when the map has emotions, the emotion curve
(scores and a native line chart, `emotion_sheet.py`). Every sheet prints landscape A4, one page
wide, repeating its header rows (and the lane column of the map) on each page, with narrow
margins and the title and page number in the footer (`sheet_print.py`).

The living report builds on `map_workbook` (the workbook object, not its bytes) and adds its
sheets to it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from journeymap.i18n import default_language
from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap
from journeymap.render.action_plan import action_plan
from journeymap.render.emotion_curve import has_emotions
from journeymap.render.emotion_sheet import ExtraLine, emotion_sheet
from journeymap.render.grid import GridRow, grid_rows
from journeymap.render.labels import label_language, labels_for
from journeymap.render.measure_text import priority_formula_of
from journeymap.render.palette import (
    GROUP_FILLS,
    HEADER_FILL,
    SCORE_FILLS,
    SEVERITY_FILLS,
    worst_severity,
)
from journeymap.render.sheet_formats import number_formats
from journeymap.render.sheet_print import page_footer, print_setup
from journeymap.render.templating import persona_age

LANE_WIDTH = 28
STAGE_WIDTH = 40
LINE_HEIGHT = 15.0
HEADER_ROW = 3
"""Row 1 holds the title, row 2 the goal and segment, row 3 the stage names."""


_WRAP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="D1D5DB")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def render_xlsx(journey: JourneyMap, *, language: str | None = None) -> bytes:
    out = io.BytesIO()
    map_workbook(journey, language=language).save(out)
    return out.getvalue()


def map_workbook(
    journey: JourneyMap,
    *,
    language: str | None = None,
    extra_emotion_lines: Sequence[ExtraLine] = (),
) -> Workbook:
    """The map's workbook, every sheet set up for print; `extra_emotion_lines` are drawn dashed
    beside the personas' curves (the emotion sheet is written when either exists)."""
    lang = label_language(language or journey.language)
    labels = labels_for(lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = sheet_title(labels["map"])
    _map_sheet(sheet, journey, labels)
    _personas_sheet(book.create_sheet(sheet_title(labels["personas"])), journey, labels)
    _touchpoints_sheet(book.create_sheet(sheet_title(labels["touchpoints"])), journey, labels)
    with default_language(lang):
        plan_title = _("Action plan")
    plan = book.create_sheet(sheet_title(plan_title))
    _action_plan_sheet(plan, journey, labels, lang)
    if has_emotions(journey) or extra_emotion_lines:
        curve = book.create_sheet(sheet_title(labels["emotion_curve"]))
        emotion_sheet(
            curve,
            journey,
            labels,
            labels["emotion_curve"],
            extra_emotion_lines,
            score_format=number_formats(lang).score,
        )
    footer = page_footer(journey.title, lang)
    for one in book.worksheets:
        print_setup(one, footer)
    print_setup(sheet, footer, title_rows=HEADER_ROW, title_columns=1)
    book.properties.title = journey.title
    book.properties.creator = "journeymap"
    return book


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
    sheet: Worksheet,
    header: Sequence[str],
    rows: Sequence[Sequence[str | float | None]],
    *,
    width: int,
) -> None:
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(1, column, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _fill(HEADER_FILL)
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row_number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row_number, column, None if value == "" else value)
            cell.alignment = _WRAP
            cell.border = _BORDER
        sheet.row_dimensions[row_number].height = max(
            _height(str("" if text is None else text).split("\n"), width) for text in values
        )
    sheet.freeze_panes = "B2"


def _action_plan_sheet(
    sheet: Worksheet, journey: JourneyMap, labels: Mapping[str, str], language: str
) -> None:
    """Solutions by priority; the priority is a number, the numbers it comes from are beside it
    and the formula with them is the last column (and the priority header's comment)."""
    with default_language(language):
        header = [
            labels["priority"],
            _("Solution"),
            labels["for_barrier"],
            labels["stage"],
            labels["owner"],
            labels["status"],
            _("Customer value"),
            _("Business value"),
            _("Effort"),
            _("How the priority is computed"),
        ]
        formula = _("Priority = (customer value + business value) / 2 / (effort + 1)")
    rows: list[list[str | float | None]] = [
        [
            r.priority,
            r.solution,
            r.barrier,
            r.stage,
            r.owner,
            labels.get(r.status, r.status),
            r.customer_value,
            r.business_value,
            r.effort,
            None
            if r.priority is None
            else priority_formula_of(
                r.customer_value, r.business_value, r.effort, r.priority, language
            ),
        ]
        for r in action_plan(journey)
    ]
    _table_sheet(sheet, header, rows, width=26)
    sheet.column_dimensions["A"].width = 11
    for letter in "GHI":
        sheet.column_dimensions[letter].width = 12
    sheet.column_dimensions["J"].width = 40
    sheet.cell(1, 1).comment = Comment(formula, "journeymap")
    formats = number_formats(language)
    for row_number in range(2, len(rows) + 2):
        sheet.cell(row_number, 1).number_format = formats.priority


def _height(lines: Sequence[str], width: int) -> float:
    """Row height for wrapped text: spreadsheet apps do not grow rows written by a library."""
    count = sum(max(1, math.ceil(len(line) / (width * 1.1))) for line in lines)
    return LINE_HEIGHT * max(count, 1) + 4


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def sheet_title(text: str) -> str:
    """`text` as a valid sheet name."""
    # Excel forbids these characters in sheet names and limits them to 31 characters.
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31]
