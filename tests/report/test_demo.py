"""`journeymap demo`: the seed-shop workspace, validated, linted and rendered end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.render.chromium import CHROMIUM_ENV
from journeymap.report.demo import run_demo
from journeymap.templates import TargetNotEmptyError
from tests.conftest import CHROMIUM, require

runner = CliRunner()
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "no-such-chromium"))


@pytest.mark.usefixtures("no_chromium")
def test_demo_without_chromium_renders_the_rest_and_says_why(tmp_path: Path) -> None:
    steps: list[str] = []
    result = run_demo(tmp_path / "demo", on_step=steps.append)
    assert [p.name for p in result.maps] == ["seed-shop.en.yaml", "seed-shop.ru.yaml"]
    assert result.lint_errors == 0
    assert all(report.loaded for report in result.lint)
    assert sorted(r.path.name for r in result.rendered) == sorted(
        f"seed-shop.{lang}.{ext}" for lang in ("en", "ru") for ext in ("html", "xlsx", "md")
    )
    assert all(r.path.stat().st_size > 0 for r in result.rendered)
    assert [s.format for s in result.skipped] == ["png"]
    assert "Chromium not found" in result.skipped[0].reason
    assert any("lint" in step for step in steps)
    workbook = load_workbook(tmp_path / "demo" / "out" / "seed-shop.ru.xlsx")
    assert workbook.sheetnames


@pytest.mark.usefixtures("no_chromium")
def test_demo_can_run_again_over_its_own_workspace(tmp_path: Path) -> None:
    run_demo(tmp_path / "demo", formats=("md",))
    (tmp_path / "demo" / "maps" / "seed-shop.en.yaml").write_text("broken: [", encoding="utf-8")
    again = run_demo(tmp_path / "demo", formats=("md",))
    assert again.lint_errors == 0  # the example map was restored
    assert len(again.rendered) == 2


def test_demo_refuses_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(TargetNotEmptyError):
        run_demo(tmp_path, formats=("md",))
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.docx"]
    result = runner.invoke(app, ["demo", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a journeymap workspace" in result.stderr


@pytest.mark.usefixtures("no_chromium")
def test_cli_demo_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", str(tmp_path / "demo"), "--json", "-l", "ru"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["template"] == "seed-shop"
    assert all(report["errors"] == 0 for report in data["lint"])
    assert data["skipped"][0]["format"] == "png"


@pytest.mark.browser
@pytest.mark.slow
def test_cli_demo_end_to_end_with_png(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (make browser installs it)")
    monkeypatch.delenv(CHROMIUM_ENV, raising=False)
    target = tmp_path / "demo-workspace"
    result = runner.invoke(app, ["demo", str(target)])
    assert result.exit_code == 0, result.output
    out = target / "out"
    for lang in ("en", "ru"):
        for ext in ("html", "xlsx", "md", "png"):
            assert (out / f"seed-shop.{lang}.{ext}").stat().st_size > 0
            assert f"seed-shop.{lang}.{ext}" in result.output
        assert (out / f"seed-shop.{lang}.png").read_bytes().startswith(PNG_SIGNATURE)
    assert "skipped" not in result.output
    html = (out / "seed-shop.ru.html").read_text(encoding="utf-8")
    assert "Интернет-магазин семян" in html
