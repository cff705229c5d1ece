"""The workspace's `language` is the default of every command when `--lang` is not given: its
messages, its help, the labels of the report and of a rendered map (docs/i18n.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from journeymap.cli.app import app
from journeymap.cli.workspace_language import CONFIG_NAME, configured_workspace_language
from journeymap.model.workspace import CONFIG_NAME as MODEL_CONFIG_NAME
from journeymap.model.workspace import workspace_language
from journeymap.templates import get_template, init_workspace

runner = CliRunner()


def _run(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def russian_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace saying `language = "ru"` that holds an English map (`language: en`)."""
    (tmp_path / CONFIG_NAME).write_text('language = "ru"\n', encoding="utf-8")
    (tmp_path / "maps").mkdir()
    english = get_template("seed-shop").map_resource("en").read_bytes()
    (tmp_path / "maps" / "shop.yaml").write_bytes(english)
    monkeypatch.chdir(tmp_path / "maps")  # a subfolder: the workspace is found above it
    return tmp_path


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('language = "ru"\n', "ru"),
        ('language = "en"\n', "en"),
        ('language = "de"\n', None),  # not supported: `validate` reports it in full
        ('name = "x"\n', None),
        ("language = [", None),  # not TOML
    ],
)
def test_the_workspace_language_is_read_without_the_model(
    tmp_path: Path, toml: str, expected: str | None
) -> None:
    assert CONFIG_NAME == MODEL_CONFIG_NAME
    (tmp_path / CONFIG_NAME).write_text(toml, encoding="utf-8")
    (tmp_path / "maps").mkdir()
    assert configured_workspace_language(tmp_path / "maps") == expected


def test_no_workspace_means_no_language(tmp_path: Path) -> None:
    assert configured_workspace_language(tmp_path) is None


def test_every_command_speaks_the_workspace_language(russian_workspace: Path) -> None:
    missing = _run("ingest", "missing.csv")  # a command that never loads the workspace itself
    assert "missing.csv не существует" in missing.output
    assert "does not exist" in _run("--lang", "en", "ingest", "missing.csv").output
    assert "Использование" in _run("--help").output
    assert "Usage" in _run("--lang", "en", "--help").output


def test_a_rendered_map_takes_the_workspace_language_over_its_own(
    russian_workspace: Path,
) -> None:
    assert "**Цель:**" in _run("render", "shop.yaml", "-f", "md").output
    assert "**Goal:**" in _run("--lang", "en", "render", "shop.yaml", "-f", "md").output
    assert "**Goal:**" in _run("render", "shop.yaml", "-f", "md", "--language", "en").output


def test_the_report_takes_the_workspace_language_over_the_maps(russian_workspace: Path) -> None:
    page = russian_workspace / "report.html"
    result = _run("report", "shop.yaml", "-o", str(page))
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert 'lang="ru"' in text
    assert ">Отчёт живой карты<" in text
    assert ">Living map report<" not in text  # English only in `data-en`, for the switch


def test_init_with_every_language_pins_none_unless_asked(tmp_path: Path) -> None:
    both = init_workspace(
        tmp_path / "both", "classic", "en", all_languages=True, pin_language=False
    )
    assert workspace_language(both) is None
    assert configured_workspace_language(both) is None
    result = _run("init", str(tmp_path / "cli"), "--all-languages")
    assert result.exit_code == 0, result.output
    assert workspace_language(tmp_path / "cli") is None
    _run("init", str(tmp_path / "ru"), "--all-languages", "--language", "ru")
    assert workspace_language(tmp_path / "ru") == "ru"
    _run("init", str(tmp_path / "one"))
    assert workspace_language(tmp_path / "one") == "en"
