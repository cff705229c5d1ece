"""`journeymap render` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.render.chromium import CHROMIUM_ENV
from tests.render.conftest import FULL, RUSSIAN, SKETCH

runner = CliRunner()


def test_text_formats_go_to_stdout() -> None:
    result = runner.invoke(app, ["render", str(SKETCH), "--format", "mermaid"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("journey\n    title Online seed shop - first purchase\n")


def test_html_is_the_default_format() -> None:
    result = runner.invoke(app, ["render", str(RUSSIAN)])
    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith("<!doctype html>")
    assert "Языковая школа" in result.stdout


def test_format_is_guessed_from_the_output_name(tmp_path: Path) -> None:
    target = tmp_path / "out" / "map.xlsx"
    result = runner.invoke(app, ["render", str(FULL), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout
    assert load_workbook(target).sheetnames == [
        "Journey map",
        "Personas",
        "Touchpoints",
        "Action plan",
        "Emotion curve",
    ]


def test_binary_formats_without_output_go_beside_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render", str(RUSSIAN), "-f", "xlsx"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "language_school_ru.xlsx").is_file()


def test_language_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(RUSSIAN), "-f", "md", "--language", "en"])
    assert result.exit_code == 0
    assert "## Personas" in result.stdout
    bad = runner.invoke(app, ["render", str(RUSSIAN), "-f", "md", "--language", "de"])
    assert bad.exit_code == 2
    assert "en, ru" in bad.stderr


def test_unknown_format_exits_2_with_the_list() -> None:
    result = runner.invoke(app, ["render", str(SKETCH), "--format", "docx"])
    assert result.exit_code == 2
    assert "unknown format 'docx'" in result.stderr
    assert "html, svg, png, pdf, xlsx, csv, md, mermaid, json" in result.stderr
    unguessable = runner.invoke(app, ["render", str(SKETCH), "-o", "map.txt"])
    assert unguessable.exit_code == 2
    assert "--format" in unguessable.stderr


def test_broken_map_prints_positioned_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        SKETCH.read_text(encoding="utf-8").replace(
            "emotions: {marina: 1}", "emotions: {marina: 5}"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["render", str(broken), "-f", "md"])
    assert result.exit_code == 1
    assert f"{broken}:24:" in result.stderr
    assert "outside -2..+2" in result.stderr
    assert "Traceback" not in result.output


def test_missing_chromium_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "no-chromium"))
    result = runner.invoke(app, ["render", str(SKETCH), "-o", str(tmp_path / "map.png")])
    assert result.exit_code == 1
    assert "apt package `chromium`" in result.stderr
    assert not (tmp_path / "map.png").exists()
