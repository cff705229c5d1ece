"""The report as XLSX: the map spreadsheet (stages across, lanes down) with measured rows.

The first sheet is the designed map as `journeymap render --format xlsx` lays it out, followed by
a block of measured rows under the same stage columns: reach, conversion to next, drop-off,
drop-off share, median time in stage, one row per KPI (value, coloured green when the target is
met and red when not, in the KPI's direction). Cells hold numbers, not text, with number formats,
so the numbers equal `ReportData.as_dict()`. Further sheets: stages and KPIs as flat tables,
feedback, one sheet per segmentation of the segment switcher (`xlsx_segments`), and the data
facts (range, sources, simulated).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from journeymap.analytics.kpi import KPIResult
from journeymap.render.labels import label_language
from journeymap.render.palette import GROUP_FILLS, HEADER_FILL
from journeymap.render.spreadsheet import render_xlsx
from journeymap.report.data import ReportData
from journeymap.report.formatting import is_share
from journeymap.report.interventions_sheet import write_interventions_sheet
from journeymap.report.report_labels import REPORT_LABELS
from journeymap.report.xlsx_personalization import personalization_sheet
from journeymap.report.xlsx_segments import PERCENT_COLUMNS, SEGMENT_LABELS, segment_sheets

SECONDS_PER_DAY = 86400.0
PERCENT = "0.0%"
COUNT = "#,##0"
DURATION = "[h]:mm"
"""Durations are written as spreadsheet time (days) so they sum and sort as times."""
STATUS_FILLS: Mapping[str, str] = {"met": "C6EFCE", "not met": "FBB4B4"}
SIMULATED_FILL = "B91C1C"

XLSX_LABELS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "measured": "Measured",
        "drop_off_share": "Drop-off share",
        "target": "target",
        "stages_sheet": "Stages measured",
        "kpis_sheet": "KPIs",
        "data_sheet": "Data",
        "stage": "Stage",
        "kpi": "KPI",
        "direction": "Direction",
        "status": "Status",
        "median_seconds": "Median time in stage, s",
        "p90_seconds": "p90 time in stage, s",
        "target_column": "Target",
        "name": "Name",
        "measure": "Measure",
        "feedback_sheet": "Feedback",
        "kind": "Kind",
        "low": "95% low",
        "high": "95% high",
        "headline": "Score",
        "measured_emotion": "Emotion as measured",
        "designed_emotion": "Emotion as designed",
    },
    "ru": {
        "measured": "Измерено",
        "drop_off_share": "Доля оттока",
        "target": "цель",
        "stages_sheet": "Этапы по данным",
        "kpis_sheet": "KPI",
        "data_sheet": "Данные",
        "stage": "Этап",
        "kpi": "KPI",
        "direction": "Направление",
        "status": "Статус",
        "median_seconds": "Медиана времени на этапе, с",
        "p90_seconds": "p90 времени на этапе, с",
        "target_column": "Цель",
        "name": "Название",
        "measure": "Метрика",
        "feedback_sheet": "Обратная связь",
        "kind": "Вид",
        "low": "95% от",
        "high": "95% до",
        "headline": "Оценка",
        "measured_emotion": "Эмоция по данным",
        "designed_emotion": "Эмоция по карте",
    },
}


def render_report_xlsx(data: ReportData, *, language: str | None = None) -> bytes:
    lang = label_language(language or data.journey.language)
    labels = {**REPORT_LABELS[lang], **XLSX_LABELS[lang], **SEGMENT_LABELS[lang]}
    book = load_workbook(io.BytesIO(render_xlsx(data.journey, language=lang)))
    sheet = book.worksheets[0]
    if data.simulated:
        title = sheet.cell(1, 1)
        title.value = f"{title.value} — {labels['simulated_banner']}"
        title.font = Font(bold=True, size=14, color=SIMULATED_FILL)
    _measured_block(sheet, data, labels)
    _stages_sheet(book, data, labels)
    _kpis_sheet(book, data, labels)
    if data.feedback is not None:
        _feedback_sheet(book, data, labels)
    _segment_sheets(book, data, labels)
    if data.personalization is not None:
        personalization_sheet(book, data.personalization, lang)
    if data.channel_economics is not None:
        data.channel_economics.write_sheet(book, lang)
    if data.interventions is not None:
        write_interventions_sheet(book, data.interventions, lang)
    _data_sheet(book, data, labels)
    book.properties.title = f"{data.journey.title}: {labels['report']}"
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


def _measured_block(sheet: Worksheet, data: ReportData, labels: Mapping[str, str]) -> None:
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
    formats = (COUNT, PERCENT, COUNT, PERCENT, DURATION)
    for (label, values), number_format in zip(rows, formats, strict=True):
        row_number += 1
        _label(sheet, row_number, label)
        for column, value in enumerate(values, start=2):
            cell = sheet.cell(row_number, column, value)
            cell.number_format = number_format
            cell.font = Font(bold=True)
    for result in data.kpis:
        row_number += 1
        target = "" if result.target is None else f" ({labels['target']} {result.target:g})"
        _label(sheet, row_number, f"{labels['kpi']}: {result.name}{target}")
        cell = sheet.cell(row_number, stage_ids.index(result.stage) + 2, result.value)
        cell.number_format = _kpi_format(result)
        cell.font = Font(bold=True)
        if result.status in STATUS_FILLS:
            cell.fill = _fill(STATUS_FILLS[result.status])


def _label(sheet: Worksheet, row_number: int, text: str) -> None:
    cell = sheet.cell(row_number, 1, text)
    cell.font = Font(bold=True)
    cell.fill = _fill(GROUP_FILLS["business"])


def _kpi_format(result: KPIResult) -> str:
    if is_share(result.unit, result.value, result.target):
        return PERCENT
    return "#,##0.###"


def _stages_sheet(book: Workbook, data: ReportData, labels: Mapping[str, str]) -> None:
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
    _table(book.create_sheet(labels["stages_sheet"]), header, rows)


def _kpis_sheet(book: Workbook, data: ReportData, labels: Mapping[str, str]) -> None:
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
    rows = [
        [
            k.kpi,
            k.stage,
            k.name,
            k.measure,
            k.value,
            k.target,
            k.direction,
            k.status,
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
            f"{k.name}: {s['segment']} ({labels['p_adjusted_holm']} {s['p_adjusted']})",
            k.measure,
            s["lift"],
            None,
            k.direction,
            None,
            s["persons"],
            s["ci_low"],
            s["ci_high"],
        ]
        for k in data.kpis
        for s in k.segments or ()
    ]
    sheet = book.create_sheet(labels["kpis_sheet"])
    _table(sheet, header, rows)
    for row_number, result in enumerate(data.kpis, start=2):
        if result.status in STATUS_FILLS:
            sheet.cell(row_number, 8).fill = _fill(STATUS_FILLS[result.status])


def _feedback_sheet(book: Workbook, data: ReportData, labels: Mapping[str, str]) -> None:
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
    _table(book.create_sheet(labels["feedback_sheet"]), header, rows)


def _segment_sheets(book: Workbook, data: ReportData, labels: Mapping[str, str]) -> None:
    for found in segment_sheets(data.segmentations, labels, book.sheetnames):
        sheet = book.create_sheet(found.name)
        _table(sheet, found.header, found.rows)
        for row in sheet.iter_rows(min_row=2):
            for column in PERCENT_COLUMNS:
                row[column - 1].number_format = PERCENT


def _data_sheet(book: Workbook, data: ReportData, labels: Mapping[str, str]) -> None:
    facts = data.facts
    rows: list[list[Any]] = [
        ["simulated", bool(facts.get("simulated"))],
        [labels["events"], facts.get("events")],
        [labels["persons"], facts.get("persons")],
        ["first", facts.get("first")],
        ["last", facts.get("last")],
        [labels["sources"], ", ".join(facts.get("sources", []))],
        ["segment", data.segment],
        ["from", data.start],
        ["to", data.end],
        ["generated_at", data.generated_at],
        *([labels["notes"], note] for note in data.notes),
    ]
    _table(book.create_sheet(labels["data_sheet"]), [labels["data_range"], labels["value"]], rows)


def _table(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(1, column, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _fill(HEADER_FILL)
        sheet.column_dimensions[get_column_letter(column)].width = 22
    for row_number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(row_number, column, value)
    sheet.freeze_panes = "A2"


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)
