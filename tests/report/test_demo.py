"""`journeymap demo`: the seed-shop workspace, rendered, simulated, ingested and reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.model import load_map
from journeymap.render.chromium import CHROMIUM_ENV
from journeymap.report.demo import run_demo
from journeymap.simulate import check_settings
from journeymap.store import Store
from journeymap.templates import TargetNotEmptyError
from tests.conftest import CHROMIUM, require

runner = CliRunner()
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
REPO = Path(__file__).resolve().parents[2]
FEW = 300
"""Customers in tests: enough for every stage to have persons, quick to simulate."""


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "no-such-chromium"))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_seed_shop_maps_carry_a_valid_simulation_block(language: str) -> None:
    for root in (REPO / "src/journeymap/templates/maps", REPO / "examples/seed-shop/maps"):
        journey = load_map(root / f"seed-shop.{language}.yaml")
        assert journey.simulation is not None
        assert journey.simulation.customers == 5000
        assert check_settings(journey) == []


@pytest.mark.slow
@pytest.mark.usefixtures("no_chromium")
def test_demo_end_to_end_without_chromium(tmp_path: Path) -> None:
    steps: list[str] = []
    result = run_demo(tmp_path / "demo", customers=FEW, on_step=steps.append)
    assert [p.name for p in result.maps] == ["seed-shop.en.yaml", "seed-shop.ru.yaml"]
    assert result.lint_errors == 0
    assert sorted(r.path.name for r in result.rendered) == sorted(
        f"seed-shop.{lang}.{ext}" for lang in ("en", "ru") for ext in ("html", "xlsx", "md")
    )
    assert [s.format for s in result.skipped] == ["png"]
    assert "Chromium not found" in result.skipped[0].reason
    assert any("simulating 300 customers" in step for step in steps)

    assert result.ingest is not None
    assert result.ingest.rows_stored > FEW
    assert result.ingest.rows_quarantined == 0
    assert result.report == tmp_path / "demo" / "out" / "seed-shop.en.report.html"
    html = result.report.read_text(encoding="utf-8")
    assert "SIMULATED DATA" in html
    assert result.data is not None
    assert result.data.simulated
    assert result.data.facts["sources"] == ["simulated:seed-shop-first-purchase"]
    assert result.data.facts["persons"] <= FEW

    assert result.headline is not None
    weakest, barrier = result.headline.lines()
    stage_names = [s.name for s in result.data.journey.stages]
    assert weakest.startswith("Weakest stage: ")
    assert any(name in weakest for name in stage_names)
    assert barrier.startswith("Top barrier: ")
    assert result.headline.weakest_stage is not None
    conversions = [
        r.conversion_to_next
        for r in result.data.stages.stages  # type: ignore[union-attr]
        if r.persons and r.conversion_to_next is not None
    ]
    assert result.headline.weakest_stage.conversion_to_next == min(conversions)

    assert result.report_xlsx is not None
    book = load_workbook(result.report_xlsx)
    assert "SIMULATED" in str(book.worksheets[0].cell(1, 1).value)

    picks = result.recommendations  # one simulated customer's stage recommendations
    assert picks is not None
    assert picks.items
    assert all(item.reason_text and item.title for item in picks.items)
    assert (tmp_path / "demo" / ".journeymap" / "serving.json").is_file()

    chains = result.automations  # the cart reminder run on the simulated customers
    assert chains is not None
    assert chains.chains == ["cart-reminder"]
    assert chains.entered > chains.held_out > 0
    assert len(chains.outbox.read_text(encoding="utf-8").splitlines()) == chains.sent > 0
    responses = [json.loads(line) for line in chains.responses_file.read_text().splitlines()]
    assert len(responses) == chains.responses
    assert all(r["context"]["simulated"] for r in responses)
    section = result.data.interventions
    assert section is not None
    assert section.simulated
    (row,) = section.rows
    assert row.effect is not None
    assert row.effect.effect is not None  # a lift with its interval
    assert row.effect.treatment.persons + row.effect.holdout.persons > 0
    assert "Interventions (simulated data)" in html


@pytest.mark.slow
@pytest.mark.usefixtures("no_chromium")
def test_demo_again_starts_from_an_empty_store(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    run_demo(target, formats=("md",), customers=FEW)
    (target / "maps" / "seed-shop.en.yaml").write_text("broken: [", encoding="utf-8")
    result = runner.invoke(app, ["demo", str(target), "--json", "-n", "100", "-l", "ru"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["simulated"] is True
    assert data["customers"] == 100
    assert all(report["errors"] == 0 for report in data["lint"])  # the map was restored
    assert data["report"].endswith("seed-shop.ru.report.html")
    assert data["summary"]["weakest_stage"] in {
        "awareness",
        "research",
        "purchase",
        "delivery",
        "sowing",
    }
    with Store.open(target / ".journeymap" / "store.duckdb") as store:
        persons = store.events().person_id.nunique().to_pyarrow().as_py()
    assert persons <= 100  # the first run's 300 customers are gone


def test_demo_refuses_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(TargetNotEmptyError):
        run_demo(tmp_path, formats=("md",))
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.docx"]
    result = runner.invoke(app, ["demo", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a journeymap workspace" in result.stderr


@pytest.mark.browser
@pytest.mark.slow
def test_cli_demo_with_png_and_screenshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (make browser installs it)")
    monkeypatch.delenv(CHROMIUM_ENV, raising=False)
    target = tmp_path / "demo-workspace"
    shot = tmp_path / "report.png"
    result = runner.invoke(app, ["demo", str(target), "-n", str(FEW), "--screenshot", str(shot)])
    assert result.exit_code == 0, result.output
    for lang in ("en", "ru"):
        assert (target / "out" / f"seed-shop.{lang}.png").read_bytes().startswith(PNG_SIGNATURE)
    assert "skipped" not in result.output
    assert "simulated data" in result.output
    assert "seed-shop.en.report.html" in result.output
    assert "Weakest stage:" in result.output
    assert "Top barrier:" in result.output
    assert "journeymap web" in result.output  # the way on to the web app
    image = shot.read_bytes()
    assert image.startswith(PNG_SIGNATURE)
    assert int.from_bytes(image[16:20], "big") == 1400  # PNG width from the IHDR chunk
