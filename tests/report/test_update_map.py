"""`report --update-map`: plain values, the author's line wrapping, simulated numbers refused
unless allowed (then marked), and `reviewed` only when a person confirms the review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.analytics.kpi import KPIResult
from journeymap.cli.app import app
from journeymap.model import load_document
from journeymap.report.data import ReportData
from journeymap.report.update_map import SimulatedDataError, update_map

LONG = "Покупатель " + "долго сравнивает диваны в нескольких магазинах и читает отзывы " * 3
MAP = f"""\
journeymap: 1
id: shop  # a comment that stays
title: Shop
reviewed: 2026-01-10
personas: [{{id: ann, name: Ann}}]
stages:
  - id: browse
    name: Browse
    description: {LONG.strip()}
    touchpoints: [catalog]
    emotions: {{ann: 1}}
    kpis:
      - {{id: first, name: First, target: 0.5, measure: "count(catalog)"}}
      - {{id: second, name: Second, target: 0.5, measure: "count(catalog)"}}
touchpoints:
  - {{id: catalog, name: Catalog, bindings: [{{event: Product Viewed}}]}}
"""
DAY = dt.date(2026, 12, 7)


def report(document_path: Path, *, simulated: bool) -> ReportData:
    journey = load_document(document_path).model
    kpis = [
        KPIResult(kpi, "browse", kpi, "count(catalog)", 0.4, None, 0.5, "increase", "not met", 9)
        for kpi in ("first", "second")
    ]
    return ReportData(journey, "2026-12-07T00:00:00", {"simulated": simulated}, kpis=kpis)


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def test_writes_plain_values_and_keeps_long_lines(map_file: Path) -> None:
    document = load_document(map_file)
    assert update_map(document, report(map_file, simulated=False), today=DAY) == 2
    text = map_file.read_text(encoding="utf-8")
    assert "&id" not in text
    assert "*id" not in text
    assert text.count("at: 2026-12-07") == 2
    assert f"    description: {LONG.strip()}\n" in text
    assert "# a comment that stays" in text
    assert "simulated" not in text
    # measuring is not reviewing: the overdue date stays
    assert load_document(map_file).model.reviewed == dt.date(2026, 1, 10)


def test_reviewed_is_set_only_when_confirmed(map_file: Path) -> None:
    update_map(load_document(map_file), report(map_file, simulated=False), today=DAY, reviewed=True)
    assert load_document(map_file).model.reviewed == DAY


def test_simulated_numbers_are_refused_unless_allowed_then_marked(map_file: Path) -> None:
    with pytest.raises(SimulatedDataError):
        update_map(load_document(map_file), report(map_file, simulated=True), today=DAY)
    assert map_file.read_text(encoding="utf-8") == MAP
    update_map(
        load_document(map_file), report(map_file, simulated=True), today=DAY, allow_simulated=True
    )
    measured = load_document(map_file).model.stages[0].kpis[0].measured
    assert measured is not None
    assert measured.simulated
    assert measured.value == 0.4


@pytest.mark.parametrize(
    ("language", "refusal", "hint"),
    [
        ("en", "the events are simulated", "pass --allow-simulated"),
        ("ru", "события смоделированы", "укажите --allow-simulated"),
    ],
)
def test_cli_refuses_simulated_data_in_both_languages(
    map_file: Path, tmp_path: Path, language: str, refusal: str, hint: str
) -> None:
    store = f"duckdb://{tmp_path / 'store.duckdb'}"
    events = tmp_path / "events.jsonl"
    runner = CliRunner()
    result = runner.invoke(app, ["simulate", str(map_file), "-n", "20", "-o", str(events)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["ingest", str(events), "--store", store])
    assert result.exit_code == 0, result.output
    args = ["--lang", language, "report", str(map_file), "--store", store, "--update-map"]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert refusal in result.output
    assert hint in result.output
    assert map_file.read_text(encoding="utf-8") == MAP
    result = runner.invoke(app, [*args, "--allow-simulated", "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "simulated: true" in map_file.read_text(encoding="utf-8")
