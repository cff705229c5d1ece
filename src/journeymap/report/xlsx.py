"""The report as XLSX: the map spreadsheet (stages across, lanes down) with measured rows.

The first sheet is the designed map as `journeymap render --format xlsx` lays it out, followed by
a block of measured rows under the same stage columns: reach, conversion to next, drop-off,
drop-off share, median time in stage, one row per KPI (value, coloured green when the target is
met and red when not, in the KPI's direction). Cells hold numbers, not text, with number formats,
so the numbers equal `ReportData.as_dict()`; number formats follow the language
(`render/sheet_formats.py`). The map's sheets come from `render.spreadsheet.map_workbook`: the
action plan (solutions by priority, with the numbers and formula behind each priority) and the
emotion curve, where the measured emotion (`xlsx_emotions`) is drawn dashed beside the designed
one. Further sheets: stages and KPIs as flat tables, feedback, one sheet per segmentation of the
segment switcher (`xlsx_segments`), and the data facts (range, sources, simulated). Every sheet
is set up for print as the map's are (`render/sheet_print.py`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from journeymap.analytics.kpi import KPIResult
from journeymap.i18n import gettext as _
from journeymap.i18n import pgettext, use_language
from journeymap.render.labels import label_language, labels_for
from journeymap.render.palette import GROUP_FILLS, HEADER_FILL
from journeymap.render.sheet_formats import NumberFormats, number_formats
from journeymap.render.sheet_print import page_footer, print_setup
from journeymap.render.spreadsheet import HEADER_ROW, map_workbook, sheet_title
from journeymap.report.data import ReportData
from journeymap.report.formatting import is_share, kpi_value
from journeymap.report.interventions_sheet import write_interventions_sheet
from journeymap.report.report_labels import REPORT_LABELS
from journeymap.report.xlsx_data import data_rows, format_data_rows
from journeymap.report.xlsx_emotions import measured_emotion_lines
from journeymap.report.xlsx_personalization import personalization_sheet
from journeymap.report.xlsx_segments import PERCENT_COLUMNS, segment_labels, segment_sheets

SECONDS_PER_DAY = 86400.0
STATUS_FILLS: Mapping[str, str] = {"met": "C6EFCE", "not met": "FBB4B4"}
SIMULATED_FILL = "B91C1C"


def xlsx_labels(language: str) -> dict[str, str]:
    """The words the report's workbook adds, in `language` (from the message catalog)."""
    with use_language(language):
        return {
            "measured": _("Measured"),
            "drop_off_share": _("Drop-off share"),
            "target": _("target"),
            "stages_sheet": _("Stages measured"),
            "kpis_sheet": _("KPIs"),
            "data_sheet": _("Data"),
            "stage": _("Stage"),
            "kpi": _("KPI"),
            "direction": _("Direction"),
            "status": _("Status"),
            "median_seconds": _("Median time in stage, s"),
            "p90_seconds": _("p90 time in stage, s"),
            "target_column": _("Target"),
            "name": pgettext("spreadsheet", "Name"),
            "measure": pgettext("spreadsheet", "Measure"),
            "feedback_sheet": _("Feedback"),
            "kind": _("Kind"),
            "low": _("95% low"),
            "high": _("95% high"),
            "headline": _("Score"),
            "measured_emotion": _("Emotion as measured"),
            "designed_emotion": _("Emotion as designed"),
        }


def render_report_xlsx(data: ReportData, *, language: str | None = None) -> bytes:
    lang = label_language(language or data.journey.language)
    labels = {**REPORT_LABELS[lang], **xlsx_labels(lang), **segment_labels(lang)}
    formats = number_formats(lang)
    lines = measured_emotion_lines(data, lang)
    book = map_workbook(data.journey, language=lang, extra_emotion_lines=lines)
    sheet = book.worksheets[0]
    if data.simulated:
        title = sheet.cell(1, 1)
        title.value = f"{title.value} — {labels['simulated_banner']}"
        title.font = Font(bold=True, size=14, color=SIMULATED_FILL)
    _measured_block(sheet, data, labels, formats)
    _stages_sheet(book, data, labels, formats)
    _kpis_sheet(book, data, labels, formats)
    if data.feedback is not None:
        _feedback_sheet(book, data, labels, formats)
    _segment_sheets(book, data, labels, formats)
    if data.personalization is not None:
        personalization_sheet(book, data.personalization, lang)
    if data.channel_economics is not None:
        data.channel_economics.write_sheet(book, lang)
    if data.interventions is not None:
        write_interventions_sheet(book, data.interventions, lang)
    _data_sheet(book, data, labels, formats)
    report_title = f"{data.journey.title}: {labels['report']}"
    footer = page_footer(report_title, lang)
    for one in book.worksheets[1:]:
        print_setup(one, footer)
    print_setup(sheet, footer, title_rows=HEADER_ROW, title_columns=1)
    book.properties.title = report_title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_report_xlsx(data: ReportData, path: Path, *, language: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_report_xlsx(data, language=language))
    return path


def measured_rows(data: ReportData, labels: Mapping[str, str]) -> list[tuple[str, list[Any]]]:
    """(label, value per stage in map order) for the measured block; None where not measured."""
    stage_ids = [s.id for s in data.journey.stages]
    if data.stages is None:
        return []
    rows = {row.stage: row for row in data.stages.stages}

    def per_stage(attribute: str) -> list[Any]:
        # a stage the bindings cannot measure has no reach (not 0), see report.measurability
        return [
            getattr(rows[s], attribute) if s in rows and s not in data.unmeasured else None
            for s in stage_ids
        ]

    medians = per_stage("median_seconds")
    return [
        (labels["reach"], per_stage("persons")),
        (labels["conversion_next"], per_stage("conversion_to_next")),
        (labels["drop_off"], per_stage("drop_off")),
        (labels["drop_off_share"], per_stage("drop_off_share")),
        (labels["median_time"], [None if m is None else m / SECONDS_PER_DAY for m in medians]),
    ]


def _measured_block(
    sheet: Worksheet, data: ReportData, labels: Mapping[str, str], formats: NumberFormats
) -> None:
    """The measured rows under the designed grid; nothing when no stage was measured (an empty
    store), as the HTML leaves the section out."""
    rows = measured_rows(data, labels)
    if not rows:
        return
    stage_ids = [s.id for s in data.journey.stages]
    row_number = sheet.max_row + 2
    heading = sheet.cell(row_number, 1, labels["measured"])
    heading.font = Font(bold=True, color="FFFFFF")
    heading.fill = _fill(SIMULATED_FILL if data.simulated else HEADER_FILL)
    row_formats = (formats.count, formats.percent, formats.count, formats.percent, formats.duration)
    for (label, values), number_format in zip(rows, row_formats, strict=True):
        row_number += 1
        _label(sheet, row_number, label)
        for column, value in enumerate(values, start=2):
            cell = sheet.cell(row_number, column, value)
            cell.number_format = number_format
            cell.font = Font(bold=True)
    for result in data.kpis:
        row_number += 1
        target = (
            ""
            if result.target is None
            else f" ({labels['target']} {_target_text(result, formats.language)})"
        )
        _label(sheet, row_number, f"{labels['kpi']}: {result.name}{target}")
        cell = sheet.cell(row_number, stage_ids.index(result.stage) + 2, result.value)
        cell.number_format = _kpi_format(result, formats)
        cell.font = Font(bold=True)
        if result.status in STATUS_FILLS:
            cell.fill = _fill(STATUS_FILLS[result.status])


def _label(sheet: Worksheet, row_number: int, text: str) -> None:
    cell = sheet.cell(row_number, 1, text)
    cell.font = Font(bold=True)
    cell.fill = _fill(GROUP_FILLS["business"])


def _target_text(result: KPIResult, language: str) -> str:
    """The target as the report's HTML shows it ("12.0%", "12,0 %")."""
    return kpi_value(result.target, result.unit, result.measure, result.target, lang=language)


def _kpi_format(result: KPIResult, formats: NumberFormats) -> str:
    if is_share(result.unit, result.value, result.target):
        return formats.percent
    return formats.decimal


def _stages_sheet(
    book: Workbook, data: ReportData, labels: Mapping[str, str], formats: NumberFormats
) -> None:
    header = [
        labels["stage"],
        labels["name"],
        labels["reach"],
        labels["conversion_next"],
        labels["drop_off"],
        labels["drop_off_share"],
        labels["median_seconds"],
        labels["p90_seconds"],
    ]
    rows = [
        [
            r.stage,
            r.name,
            None if r.stage in data.unmeasured else r.persons,
            r.conversion_to_next,
            r.drop_off,
            r.drop_off_share,
            r.median_seconds,
            r.p90_seconds,
        ]
        for r in (data.stages.stages if data.stages else [])
    ]
    column_formats = {
        3: formats.count,
        4: formats.percent,
        5: formats.count,
        6: formats.percent,
        7: formats.count,
        8: formats.count,
    }
    _table(book.create_sheet(sheet_title(labels["stages_sheet"])), header, rows, column_formats)


def _kpis_sheet(
    book: Workbook, data: ReportData, labels: Mapping[str, str], formats: NumberFormats
) -> None:
    header = [
        labels["kpi"],
        labels["stage"],
        labels["name"],
        labels["measure"],
        labels["value"],
        labels["target_column"],
        labels["direction"],
        labels["status"],
        labels["persons"],
        labels["low"],
        labels["high"],
    ]
    directions = labels_for(formats.language)  # "higher is better", "чем больше, тем лучше"
    rows = [
        [
            k.kpi,
            k.stage,
            k.name,
            k.measure,
            k.value,
            k.target,
            directions.get(k.direction, k.direction),
            labels.get(k.status, k.status),
            k.persons,
            k.ci_low,
            k.ci_high,
        ]
        for k in data.kpis
    ]
    # effect(..., by=SPEC): one row per segment after the KPIs (the status fills stay aligned)
    rows += [
        [
            k.kpi,
            k.stage,
            f"{k.name}: {s['segment']} ({labels['p_adjusted_holm']} {_p_text(s['p_adjusted'])})",
            k.measure,
            s["lift"],
            None,
            directions.get(k.direction, k.direction),
            None,
            s["persons"],
            s["ci_low"],
            s["ci_high"],
        ]
        for k in data.kpis
        for s in k.segments or ()
    ]
    sheet = book.create_sheet(sheet_title(labels["kpis_sheet"]))
    _table(sheet, header, rows, {9: formats.count})
    segment_owners = [k for k in data.kpis for _s in k.segments or ()]
    for row_number, result in enumerate([*data.kpis, *segment_owners], start=2):
        for column in (5, 6, 10, 11):
            sheet.cell(row_number, column).number_format = _kpi_format(result, formats)
        if row_number <= len(data.kpis) + 1 and result.status in STATUS_FILLS:
            sheet.cell(row_number, 8).fill = _fill(STATUS_FILLS[result.status])


def _p_text(p: float | None) -> str:
    return "—" if p is None else f"{p:.3g}"


def _feedback_sheet(
    book: Workbook, data: ReportData, labels: Mapping[str, str], formats: NumberFormats
) -> None:
    """Scores per stage (headline with its interval and answers), then the emotions, then the
    themes with quotes: the numbers of `ReportData.feedback`."""
    assert data.feedback is not None
    header = [
        labels["stage"],
        labels["kind"],
        labels["headline"],
        labels["low"],
        labels["high"],
        labels["answers"],
    ]
    rows: list[list[Any]] = []
    for stage in data.journey.stages:
        rows += [
            [stage.id, s.kind, s.value, s.low, s.high, s.answers]
            for s in data.feedback.headlines(stage.id)
        ]
        point = data.feedback.emotion(stage.id)
        if point is not None:
            rows.append(
                [
                    stage.id,
                    labels["measured_emotion"],
                    point.measured,
                    point.low,
                    point.high,
                    point.answers,
                ]
            )
            rows.append([stage.id, labels["designed_emotion"], point.designed, None, None, None])
    rows.append([])
    rows.append(
        [
            labels["touchpoint"],
            labels["theme"],
            labels["answers"],
            labels["sentiment"],
            labels["quotes"],
        ]
    )
    rows += [
        [t.touchpoint, t.name, t.size, t.sentiment, " | ".join(t.quotes)]
        for t in data.feedback.themes
    ]
    column_formats = {3: formats.decimal, 4: formats.decimal, 5: formats.decimal, 6: formats.count}
    _table(book.create_sheet(sheet_title(labels["feedback_sheet"])), header, rows, column_formats)


def _segment_sheets(
    book: Workbook, data: ReportData, labels: Mapping[str, str], formats: NumberFormats
) -> None:
    for found in segment_sheets(data.segmentations, labels, book.sheetnames):
        sheet = book.create_sheet(found.name)
        _table(sheet, found.header, found.rows, dict.fromkeys(PERCENT_COLUMNS, formats.percent))


def _data_sheet(
    book: Workbook, data: ReportData, labels: Mapping[str, str], formats: NumberFormats
) -> None:
    rows = data_rows(data, formats.language)
    sheet = book.create_sheet(sheet_title(labels["data_sheet"]))
    _table(
        sheet,
        [labels["data_range"], labels["value"]],
        [[label, value] for label, value, _kind in rows],
    )
    format_data_rows(sheet, rows, formats)


def _table(
    sheet: Worksheet,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    column_formats: Mapping[int, str] | None = None,
) -> None:
    """A header row and `rows`; `column_formats` by 1-based column, for the number cells."""
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(1, column, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _fill(HEADER_FILL)
        sheet.column_dimensions[get_column_letter(column)].width = 22
    for row_number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row_number, column, value)
            if column_formats and column in column_formats and not isinstance(value, str):
                cell.number_format = column_formats[column]
    sheet.freeze_panes = "A2"


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)
