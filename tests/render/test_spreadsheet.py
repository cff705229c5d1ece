from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.chart import LineChart
from openpyxl.worksheet.worksheet import Worksheet

from journeymap.model import JourneyMap
from journeymap.render import render
from journeymap.render.emotion_sheet import ExtraLine
from journeymap.render.grid import grid_rows
from journeymap.render.labels import labels_for
from journeymap.render.palette import SCORE_FILLS, SEVERITY_FILLS
from journeymap.render.spreadsheet import map_workbook


def _sheets(journey: JourneyMap, language: str | None = None) -> list[Worksheet]:
    book = load_workbook(io.BytesIO(render(journey, "xlsx", language=language)))
    return [book[name] for name in book.sheetnames]


def _column(sheet: Worksheet, column: int) -> list[object]:
    return [row[column - 1] for row in sheet.iter_rows(values_only=True)]


def test_stages_across_lanes_down_with_frozen_headers(any_map: JourneyMap) -> None:
    grid, personas, touchpoints = _sheets(any_map)[:3]
    header = next(grid.iter_rows(min_row=3, max_row=3, values_only=True))
    assert list(header[1:]) == [stage.name for stage in any_map.stages]
    labels = labels_for(any_map.language)
    lane_labels = _column(grid, 1)[3:]
    assert lane_labels == [row.label for row in grid_rows(any_map, labels)]
    assert grid.freeze_panes == "B4"
    assert personas.freeze_panes == "B2"
    assert _column(personas, 1)[1:] == [p.name for p in any_map.personas]
    assert _column(touchpoints, 1)[1:] == [t.name for t in any_map.touchpoints]


def test_every_lane_of_the_full_map_is_a_row(full_map: JourneyMap) -> None:
    grid = _sheets(full_map)[0]
    lanes = set(_column(grid, 1))
    expected = {
        "Customer goals", "Expectations", "Fears", "Motives", "Actions", "Thoughts",
        "Touchpoints", "Emotions: Marina", "Emotions: Oleg", "Barriers",
        "Solutions and opportunities", "KPIs", "Marketer tasks", "Departments",
        "Frontstage", "Backstage", "Support processes",
    }  # fmt: skip
    assert expected <= lanes


def test_emotions_and_barriers_are_coloured(full_map: JourneyMap) -> None:
    grid = _sheets(full_map)[0]
    rows = {row[0].value: row for row in grid.iter_rows(min_row=4)}
    marina = rows["Emotions: Marina"]
    assert marina[3].value == "-2"
    assert marina[3].fill.start_color.rgb.endswith(SCORE_FILLS[-2])
    assert marina[4].fill.start_color.rgb.endswith(SCORE_FILLS[2])
    barriers = rows["Barriers"]
    assert barriers[3].value.startswith("Shipping cost appears only at checkout")
    assert barriers[3].fill.start_color.rgb.endswith(SEVERITY_FILLS["critical"])
    assert barriers[2].alignment.wrap_text
    assert grid.column_dimensions["B"].width >= 30


def test_russian_map_uses_russian_labels(russian_map: JourneyMap) -> None:
    grid, personas = _sheets(russian_map)[:2]
    assert grid.title == "Карта пути клиента"
    assert "Барьеры" in _column(grid, 1)
    assert "Эмоции: Анна" in _column(grid, 1)
    assert personas.title == "Персоны"
    english = _sheets(russian_map, language="en")[0]
    assert "Barriers" in _column(english, 1)


def test_action_plan_lists_solutions_by_priority(full_map: JourneyMap) -> None:
    plan = _sheets(full_map)[3]
    assert plan.title == "Action plan"
    rows = list(plan.iter_rows(values_only=True))
    assert rows[0] == (
        "Priority", "Solution", "For barrier", "Stage", "Owner", "Status",
        "Customer value", "Business value", "Effort", "How the priority is computed",
    )  # fmt: skip
    solutions = [s for stage in full_map.stages for b in stage.barriers for s in b.solutions] + [
        s for stage in full_map.stages for s in stage.opportunities
    ]
    assert len(rows) - 1 == len(solutions)
    priorities = [r[0] for r in rows[1:] if r[0] is not None]
    assert all(isinstance(p, float | int) for p in priorities)  # numbers, not text
    assert priorities == sorted(priorities, reverse=True)
    assert priorities
    assert all(r[0] is None for r in rows[1 + len(priorities) :])  # unestimated ones last
    first = rows[1]
    assert first[1] == "Show shipping cost in the cart"
    assert first[4] == "Anna Petrova"
    assert first[5] == labels_for("en")["in-progress"]
    customer, business, effort = first[6:9]
    assert first[0] == pytest.approx((customer + business) / 2 / (effort + 1), abs=0.05)
    assert first[9] == (
        f"(customer value {customer} + business value {business}) / 2 / "
        f"(effort {effort} + 1) = {first[0]:g}"
    )
    assert plan.cell(2, 1).number_format == "0.0"
    assert "effort + 1" in plan.cell(1, 1).comment.text
    assert plan.freeze_panes == "B2"


def test_every_sheet_prints_landscape_one_page_wide(russian_map: JourneyMap) -> None:
    sheets = _sheets(russian_map)
    assert sheets[3].title == "План действий"
    for sheet in sheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
        assert sheet.print_title_rows
        assert 0 < sheet.page_margins.left < 0.75  # narrower than Excel's default 0.75"
        assert 0 < sheet.page_margins.top < 0.75
        assert sheet.oddFooter.center.text == f"{russian_map.title}, стр. &P из &N"
    assert sheets[0].print_title_rows == "$1:$3"
    assert sheets[0].print_title_cols == "$A:$A"
    assert [sheet.print_title_rows for sheet in sheets[1:]] == ["$1:$1"] * (len(sheets) - 1)


def test_emotion_chart_has_one_series_per_persona(full_map: JourneyMap) -> None:
    sheet = _sheets(full_map)[4]
    assert sheet.title == "Emotion curve"
    rows = list(sheet.iter_rows(values_only=True))
    personas = [p.name for p in full_map.personas]
    assert rows[0] == ("Stage", *personas)
    assert [row[0] for row in rows[1:]] == [stage.name for stage in full_map.stages]
    for stage, row in zip(full_map.stages, rows[1:], strict=True):
        expected = [
            stage.emotions[p.id].score if p.id in stage.emotions else None
            for p in full_map.personas
        ]
        assert list(row[1:]) == expected
    [chart] = sheet._charts
    assert isinstance(chart, LineChart)
    assert len(chart.series) == len(personas) == 2
    titles = [series.tx.strRef.f for series in chart.series]
    assert titles == ["'Emotion curve'!B1", "'Emotion curve'!C1"]  # the persona names
    categories = {series.cat.numRef.f for series in chart.series}
    assert categories == {f"'Emotion curve'!$A$2:$A${len(full_map.stages) + 1}"}  # the stages
    assert (chart.y_axis.scaling.min, chart.y_axis.scaling.max) == (-2, 2)
    assert len({series.marker.symbol for series in chart.series}) == 2  # told apart in grey too


def test_emotion_chart_in_russian(russian_map: JourneyMap) -> None:
    sheet = _sheets(russian_map)[4]
    assert sheet.title == "Кривая эмоций"
    assert next(sheet.iter_rows(values_only=True))[0] == "Этап"
    [chart] = sheet._charts
    assert len(chart.series) == len({p for stage in russian_map.stages for p in stage.emotions})


def test_a_map_without_emotions_has_no_emotion_sheet(full_map: JourneyMap) -> None:
    bare = full_map.model_copy(
        update={"stages": [s.model_copy(update={"emotions": {}}) for s in full_map.stages]}
    )
    titles = [sheet.title for sheet in _sheets(bare)]
    assert titles == ["Journey map", "Personas", "Touchpoints", "Action plan"]


def test_extra_lines_are_dashed_series_also_without_designed_emotions(
    full_map: JourneyMap,
) -> None:
    bare = full_map.model_copy(
        update={"stages": [s.model_copy(update={"emotions": {}}) for s in full_map.stages]}
    )
    values = [0.5 * n - 1 for n in range(len(bare.stages))]
    values[1] = None  # a stage without answers: a gap
    line = ExtraLine("Emotion as measured", values, "#111827")
    book = map_workbook(bare, extra_emotion_lines=[line])
    sheet = book["Emotion curve"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == values
    [chart] = sheet._charts
    [series] = chart.series
    assert series.spPr.ln.prstDash == "dash"
    assert series.spPr.ln.solidFill.srgbClr == "111827"
    with_personas = map_workbook(full_map, extra_emotion_lines=[line])["Emotion curve"]
    dashes = [s.spPr.ln.prstDash for s in with_personas._charts[0].series]
    assert dashes == ["solid", "solid", "dash"]
