"""`init_workspace` and `journeymap init`: the files, the refusals, --force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.model import load_map
from journeymap.model.workspace import find_workspace, load_workspace
from journeymap.templates import (
    TargetNotEmptyError,
    UnknownLanguageError,
    UnknownTemplateError,
    get_template,
    init_workspace,
)

runner = CliRunner()


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_init_creates_a_workspace_in_the_chosen_language(tmp_path: Path) -> None:
    root = init_workspace(tmp_path / "shop", "seed-shop", "ru")
    assert root == (tmp_path / "shop").resolve()
    assert _files(root) == {
        "journeymap.toml",
        "README.md",
        ".gitignore",
        "content/README.md",
        "content/catalog.yaml",
        "content/policies.yaml",
        "maps/seed-shop.ru.yaml",
        "automations/settings.yaml",
        "automations/cart-reminder.yaml",
    }
    workspace = load_workspace(root)
    assert workspace.config.name == "shop"
    assert workspace.config.language == "ru"
    assert workspace.map_paths() == [root / "maps" / "seed-shop.ru.yaml"]
    assert load_map(workspace.map_paths()[0]).language == "ru"
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "journeymap validate" in readme
    assert "journeymap lint" in readme
    assert "journeymap render maps/seed-shop.ru.yaml" in readme
    assert "Что дальше" in readme
    assert "$" not in readme  # every placeholder was filled


def test_init_copies_the_template_bytes(tmp_path: Path) -> None:
    root = init_workspace(tmp_path / "w", "travel", "en")
    copied = (root / "maps" / "travel.en.yaml").read_bytes()
    assert copied == get_template("travel").map_resource("en").read_bytes()


def test_all_languages_copies_every_map_and_both_readmes(tmp_path: Path) -> None:
    root = init_workspace(tmp_path / "w", "classic", "en", all_languages=True)
    assert {p.name for p in (root / "maps").iterdir()} == {"classic.en.yaml", "classic.ru.yaml"}
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert readme.index("Next steps") < readme.index("Что дальше")


def test_init_into_an_empty_existing_folder_is_fine(tmp_path: Path) -> None:
    init_workspace(tmp_path, "classic", "en")
    assert find_workspace(tmp_path) is not None


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(TargetNotEmptyError) as caught:
        init_workspace(tmp_path, "classic", "en")
    assert caught.value.hint is not None
    assert "--force" in caught.value.hint
    assert _files(tmp_path) == {"notes.txt"}


def test_force_writes_the_workspace_and_keeps_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "journeymap.toml").write_text("broken = [", encoding="utf-8")
    init_workspace(tmp_path, "retail", "en", force=True)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert load_workspace(tmp_path).config.language == "en"
    assert (tmp_path / "maps" / "retail.en.yaml").is_file()


def test_init_refuses_a_file_as_target(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(TargetNotEmptyError):
        init_workspace(target, "classic", "en", force=True)


def test_bad_template_or_language_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(UnknownTemplateError):
        init_workspace(tmp_path / "a", "nope", "en")
    with pytest.raises(UnknownLanguageError):
        init_workspace(tmp_path / "b", "classic", "de")
    assert not (tmp_path / "a").exists()
    assert not (tmp_path / "b").exists()


def test_cli_init_creates_and_reports_files(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    result = runner.invoke(app, ["init", str(target), "--template", "language-school"])
    assert result.exit_code == 0, result.output
    assert "maps/language-school.en.yaml" in result.output
    assert (target / "maps" / "language-school.en.yaml").is_file()


def test_cli_init_json(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    result = runner.invoke(app, ["init", str(target), "-t", "travel", "-l", "ru", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["template"] == "travel"
    assert data["language"] == "ru"
    assert "maps/travel.ru.yaml" in data["files"]


def test_cli_init_refuses_non_empty_folder_then_force_works(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    refused = runner.invoke(app, ["init", str(tmp_path)])
    assert refused.exit_code == 1
    assert "is not empty" in refused.stderr
    assert "Traceback" not in refused.output
    forced = runner.invoke(app, ["init", str(tmp_path), "--force"])
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "maps" / "classic.en.yaml").is_file()


def test_cli_unknown_template_exits_2_with_the_list(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--template", "shop"])
    assert result.exit_code == 2
    for name in ("classic", "retail", "seed-shop", "language-school", "travel"):
        assert name in result.stderr
    assert not (tmp_path / "ws").exists()


def test_cli_unknown_language_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--language", "de"])
    assert result.exit_code == 2
    assert "en, ru" in result.stderr


def test_cli_missing_dir_exits_2() -> None:
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 2
    assert "DIR" in result.stderr


def test_cli_list_templates_in_russian() -> None:
    result = runner.invoke(app, ["init", "--list", "--language", "ru"])
    assert result.exit_code == 0
    assert "seed-shop" in result.output
    assert "Заготовка" in result.output


def test_cli_list_templates_json() -> None:
    result = runner.invoke(app, ["init", "--list", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [t["name"] for t in data][:2] == ["classic", "retail"]
    assert set(data[0]["description"]) == {"en", "ru"}
