from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from journeymap.model import JourneyMap
from journeymap.render import render
from journeymap.render.grid import grid_rows
from journeymap.render.labels import labels_for
from journeymap.render.palette import SCORE_FILLS, SEVERITY_FILLS


def _sheets(journey: JourneyMap, language: str | None = None) -> list[Worksheet]:
    book = load_workbook(io.BytesIO(render(journey, "xlsx", language=language)))
    return [book[name] for name in book.sheetnames]


def _column(sheet: Worksheet, column: int) -> list[object]:
    return [row[column - 1] for row in sheet.iter_rows(values_only=True)]


def test_stages_across_lanes_down_with_frozen_headers(any_map: JourneyMap) -> None:
    grid, personas, touchpoints, _plan = _sheets(any_map)
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
    grid, personas, _, _ = _sheets(russian_map)
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
    assert rows[0] == ("Priority", "Solution", "For barrier", "Stage", "Owner", "Status")
    solutions = [s for stage in full_map.stages for b in stage.barriers for s in b.solutions] + [
        s for stage in full_map.stages for s in stage.opportunities
    ]
    assert len(rows) - 1 == len(solutions)
    priorities = [float(r[0]) for r in rows[1:] if r[0] is not None]
    assert priorities == sorted(priorities, reverse=True)
    assert priorities
    first = rows[1]
    assert first[1] == "Show shipping cost in the cart"
    assert first[4] == "Anna Petrova"
    assert first[5] == labels_for("en")["in-progress"]
    assert plan.freeze_panes == "B2"


def test_every_sheet_prints_landscape_one_page_wide(russian_map: JourneyMap) -> None:
    sheets = _sheets(russian_map)
    assert sheets[3].title == "План действий"
    for sheet in sheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheets[0].print_title_rows == "$1:$3"
