"""`journeymap report --format xlsx`: the map spreadsheet with measured rows, read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.events.ingest import ingest_file
from journeymap.model import JourneyMap, load_map
from journeymap.report.build import build_report
from journeymap.report.data import ReportData
from journeymap.report.formatting import kpi_value
from journeymap.report.xlsx import STATUS_FILLS, write_report_xlsx, xlsx_labels
from journeymap.simulate import simulate, write_events
from journeymap.store import Store

runner = CliRunner()
MAP = Path(__file__).resolve().parents[2] / "examples/seed-shop/maps/seed-shop.en.yaml"


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("xlsx")
    events = write_events(
        simulate(load_map(MAP), 300, seed=7, start=dt.date(2025, 3, 1), days=120),
        folder / "events.jsonl",
    )
    url = f"duckdb://{folder / 'store.duckdb'}"
    with Store.open(url) as store:
        assert ingest_file(store, events).rows_stored > 0
    return url


@pytest.fixture(scope="module")
def data(store_url: str) -> ReportData:
    with Store.open(store_url) as store:
        return build_report(store, load_map(MAP))


def _row(sheet: Worksheet, label: str) -> list[Any]:
    for row in sheet.iter_rows(values_only=True):
        if row[0] == label:
            return list(row[1:])
    raise AssertionError(f"no row {label!r}")


def _same(found: list[Any], expected: list[Any]) -> bool:
    """Equal, floats to 12 significant digits (XLSX stores 15-17 of a double's digits)."""
    return len(found) == len(expected) and all(
        a == pytest.approx(b, rel=1e-12) if isinstance(b, float) else a == b
        for a, b in zip(found, expected, strict=True)
    )


def _seconds(value: Any) -> float | None:
    return None if value is None else value.total_seconds()


def test_measured_rows_equal_the_report_numbers(data: ReportData, tmp_path: Path) -> None:
    book = load_workbook(write_report_xlsx(data, tmp_path / "r.xlsx"))
    sheet = book.worksheets[0]
    journey: JourneyMap = data.journey
    numbers = data.as_dict()
    stages = {row["stage"]: row for row in numbers["stages"]["stages"]}
    ordered = [stages[s.id] for s in journey.stages]
    header = [cell.value for cell in sheet[3]][1:]
    assert header == [s.name for s in journey.stages]
    assert _row(sheet, "Reached") == [r["persons"] for r in ordered]
    assert _same(_row(sheet, "Conversion to next"), [r["conversion_to_next"] for r in ordered])
    assert _row(sheet, "Drop-off") == [r["drop_off"] for r in ordered]
    assert _same(_row(sheet, "Drop-off share"), [r["drop_off_share"] for r in ordered])
    medians = [_seconds(v) for v in _row(sheet, "Median time in stage")]
    for measured, expected in zip(medians, ordered, strict=True):
        assert measured == pytest.approx(expected["median_seconds"], abs=0.01)
    assert any(r["persons"] for r in ordered)

    stage_ids = [s.id for s in journey.stages]
    for kpi in numbers["kpis"]:
        target = kpi_value(kpi["target"], kpi["unit"], kpi["measure"], kpi["target"])
        label = f"KPI: {kpi['name']}" + (f" (target {target})" if kpi["target"] is not None else "")
        values = _row(sheet, label)
        assert _same([values[stage_ids.index(kpi["stage"])]], [kpi["value"]])
        cell = next(c for c in sheet["A"] if c.value == label)
        value_cell = sheet.cell(cell.row, stage_ids.index(kpi["stage"]) + 2)
        if kpi["status"] in STATUS_FILLS:
            assert value_cell.fill.start_color.rgb.endswith(STATUS_FILLS[kpi["status"]])
    assert {k["status"] for k in numbers["kpis"]} & set(STATUS_FILLS)

    flat = book[xlsx_labels("en")["stages_sheet"]]
    rows = list(flat.iter_rows(min_row=2, values_only=True))
    assert _same(
        [value for r in rows for value in (r[0], r[2], r[3], r[6])],
        [
            value
            for s in numbers["stages"]["stages"]
            for value in (s["stage"], s["persons"], s["conversion_to_next"], s["median_seconds"])
        ],
    )
    kpis = book[xlsx_labels("en")["kpis_sheet"]]
    assert _same(
        [r[4] for r in kpis.iter_rows(min_row=2, values_only=True)],
        [k["value"] for k in numbers["kpis"]],
    )
    facts = {r[0]: r[1] for r in book[xlsx_labels("en")["data_sheet"]].iter_rows(values_only=True)}
    assert facts["Simulated data"] is True
    assert facts["Events"] == numbers["data"]["events"]
    first = dt.datetime.fromisoformat(numbers["data"]["first"])
    assert facts["First event"] == first.replace(tzinfo=None)  # a date-time, not text


def test_russian_labels_and_simulated_title(data: ReportData, tmp_path: Path) -> None:
    book = load_workbook(write_report_xlsx(data, tmp_path / "r.xlsx", language="ru"))
    sheet = book.worksheets[0]
    assert "СИМУЛИРОВАННЫЕ ДАННЫЕ" in str(sheet.cell(1, 1).value)
    assert _row(sheet, "Дошли")[0] == data.stages.stages[0].persons  # type: ignore[union-attr]
    assert xlsx_labels("ru")["kpis_sheet"] in book.sheetnames


def test_cli_report_format_xlsx(store_url: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.xlsx"
    command = ["report", str(MAP), "--format", "xlsx", "-o", str(target), "--store", store_url]
    result = runner.invoke(app, ["--lang", "ru", *command])  # an English map, in Russian
    assert result.exit_code == 0, result.output
    assert "записан" in result.stdout
    book = load_workbook(target)
    assert book.sheetnames[-1] == "Данные"
    stages = book["Этапы по данным"]
    assert stages.cell(2, 4).number_format == "0.0\\ %"
    unknown = runner.invoke(app, ["report", str(MAP), "--format", "ods", "--store", store_url])
    assert unknown.exit_code == 2
    assert "xlsx" in unknown.stderr


def test_an_empty_store_gives_a_workbook_without_measured_rows(tmp_path: Path) -> None:
    with Store.open("duckdb://:memory:") as store:
        empty = build_report(store, load_map(MAP))
    path = write_report_xlsx(empty, tmp_path / "empty.xlsx")
    book = load_workbook(path)
    labels = {row[0] for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)}
    assert xlsx_labels("en")["measured"] not in labels
    assert len(book.sheetnames) >= 1


@pytest.fixture(scope="module")
def books(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Workbook]:
    """The report's workbook in English and in Russian, read back."""
    folder = tmp_path_factory.mktemp("books")
    return {
        lang: load_workbook(write_report_xlsx(data, folder / f"{lang}.xlsx", language=lang))
        for lang in ("en", "ru")
    }


def test_the_emotion_chart_draws_the_measured_line_beside_the_designed(
    data: ReportData, books: dict[str, Workbook]
) -> None:
    assert data.feedback is not None
    sheet = books["en"]["Emotion curve"]
    header = next(sheet.iter_rows(values_only=True))
    designed = [
        p.name
        for p in data.journey.personas
        if any(p.id in s.emotions for s in data.journey.stages)
    ]
    assert header[: len(designed) + 2] == ("Stage", *designed, "Emotion as measured")
    [chart] = sheet._charts
    assert len(chart.series) == len(header) - 1  # every persona and every measured line
    dashes = [series.spPr.ln.prstDash for series in chart.series]
    assert dashes[: len(designed)] == ["solid"] * len(designed)
    assert set(dashes[len(designed) :]) == {"dash"}
    column = len(designed) + 2
    for row, stage in enumerate(data.journey.stages, start=2):
        point = data.feedback.emotion(stage.id)
        value = sheet.cell(row, column).value
        assert value == (None if point is None else pytest.approx(point.measured, rel=1e-12))
    assert any(sheet.cell(row, column).value is not None for row in range(2, sheet.max_row + 1))
    russian = books["ru"]["Кривая эмоций"]
    assert russian.cell(1, column).value == "Эмоция по данным"
    assert len(russian._charts[0].series) == len(chart.series)


def test_every_sheet_of_the_report_is_set_up_for_print(
    data: ReportData, books: dict[str, Workbook]
) -> None:
    endings = (
        ("en", "Living map report, page &P of &N"),
        ("ru", "Отчёт живой карты, стр. &P из &N"),
    )
    for lang, words in endings:
        book = books[lang]
        assert len(book.worksheets) > 8
        for sheet in book.worksheets:
            assert sheet.page_setup.orientation == "landscape", sheet.title
            assert sheet.page_setup.fitToWidth == 1
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            assert 0 < sheet.page_margins.left < 0.75
            footer = sheet.oddFooter.center.text
            assert footer.startswith(data.journey.title)
            assert footer.endswith(words)
        assert book.worksheets[0].print_title_rows == "$1:$3"
        assert book.worksheets[0].print_title_cols == "$A:$A"
        assert {s.print_title_rows for s in book.worksheets[1:]} == {"$1:$1"}


def test_the_action_plan_sheet_orders_solutions_by_priority_with_the_formula(
    data: ReportData, books: dict[str, Workbook]
) -> None:
    plan = books["en"]["Action plan"]
    rows = list(plan.iter_rows(min_row=2, values_only=True))
    solutions = [s for st in data.journey.stages for b in st.barriers for s in b.solutions]
    solutions += [s for st in data.journey.stages for s in st.opportunities]
    assert sorted(r[1] for r in rows) == sorted(s.text for s in solutions)
    estimated = [s for s in solutions if s.priority is not None]
    assert [r[0] for r in rows[: len(estimated)]] == sorted(
        (s.priority for s in estimated), reverse=True
    )
    for priority, _, _, _, _, _, customer, business, effort, formula in rows[: len(estimated)]:
        assert isinstance(priority, float | int)
        assert formula.endswith(f"(effort {effort} + 1) = {priority:g}")
        assert f"customer value {customer} + business value {business}" in formula
    russian = books["ru"]["План действий"]
    header = next(russian.iter_rows(values_only=True))
    assert header[6:] == (
        "Ценность для клиента",
        "Ценность для бизнеса",
        "Трудозатраты",
        "Как считается приоритет",
    )
    assert "трудозатраты + 1" in russian.cell(1, 1).comment.text


def test_numbers_are_numbers_with_the_language_s_formats(books: dict[str, Workbook]) -> None:
    percent = {"en": "0.0%", "ru": "0.0\\ %"}
    for lang, stages_sheet in (("en", "Stages measured"), ("ru", "Этапы по данным")):
        flat = books[lang][stages_sheet]
        for row in flat.iter_rows(min_row=2):
            values = [cell.value for cell in row[2:8]]
            assert all(v is None or isinstance(v, int | float) for v in values)
            assert row[3].number_format == percent[lang]
            assert row[2].number_format == "#,##0"
        grid = books[lang].worksheets[0]
        shares = [c for row in grid.iter_rows() for c in row if c.number_format == percent[lang]]
        assert shares
        assert all(isinstance(c.value, int | float) for c in shares if c.value is not None)
    labels = [str(c.value) for c in books["ru"].worksheets[0]["A"] if c.value]
    targets = [label for label in labels if label.startswith("KPI:") and "(цель " in label]
    assert targets
    assert any(label.endswith("\xa0%)") and "," in label for label in targets)  # «25,0 %»
    data_sheet = books["ru"]["Данные"]
    facts = {row[0].value: row[1] for row in data_sheet.iter_rows(min_row=2)}
    assert facts["Первое событие"].number_format == "dd.mm.yyyy hh:mm:ss"
    assert facts["Событий"].number_format == "#,##0"
    assert isinstance(facts["Событий"].value, int)
    kpis = list(books["ru"]["KPI"].iter_rows(min_row=2, values_only=True))
    assert {row[6] for row in kpis} <= {"чем больше, тем лучше", "чем меньше, тем лучше"}
    assert {row[7] for row in kpis} <= {"достигнуто", "не достигнуто", "нет данных"}
