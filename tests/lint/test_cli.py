"""`journeymap lint`: output formats, exit codes, disabling, workspaces, broken files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from journeymap.cli.app import app
from journeymap.lint import RULES
from tests.lint.mapbuilder import TODAY, as_text, drop, edits, put

runner = CliRunner()


def _lint(*args: str) -> Result:
    result = runner.invoke(app, ["lint", "--today", TODAY.isoformat(), *args])
    # Exit codes are raised as typer.Exit (SystemExit); anything else is a crash.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def _write(folder: Path, name: str, text: str) -> Path:
    file = folder / name
    file.write_text(text, encoding="utf-8")
    return file


def test_clean_map_exits_0(tmp_path: Path) -> None:
    file = _write(tmp_path, "shop.yaml", as_text())
    result = _lint(str(file))
    assert result.exit_code == 0
    assert "no findings" in result.stdout
    assert "0 errors, 0 warnings, 0 info; evidence coverage 100%" in result.stdout


def test_warnings_exit_0_and_are_printed_by_file_line_col(tmp_path: Path) -> None:
    file = _write(tmp_path, "shop.yaml", as_text(drop("personas.0.fears")))
    result = _lint(str(file))
    assert result.exit_code == 0
    assert f"{file}:9:5 JM204 warning persona 'marina' has no fears" in result.stdout
    assert "hint: add `fears:`" in result.stdout
    assert "1 warning," in result.stdout


def test_strict_exits_1_on_warnings(tmp_path: Path) -> None:
    file = _write(tmp_path, "shop.yaml", as_text(drop("personas.0.fears")))
    assert _lint(str(file), "--strict").exit_code == 1


def test_errors_exit_1(tmp_path: Path) -> None:
    file = _write(tmp_path, "shop.yaml", as_text(drop("goal")))
    result = _lint(str(file))
    assert result.exit_code == 1
    assert "JM101 error" in result.stdout


@pytest.mark.parametrize("flags", [["--json"], ["--format", "json"]])
def test_json_shape(tmp_path: Path, flags: list[str]) -> None:
    file = _write(tmp_path, "shop.yaml", as_text(edits(drop("goal"), drop("owner"))))
    result = _lint(str(file), *flags)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"reports", "summary"}
    [report] = data["reports"]
    assert report["file"] == str(file)
    assert report["loaded"] is True
    assert (report["errors"], report["warnings"], report["infos"]) == (1, 0, 1)
    assert [f["code"] for f in report["findings"]] == ["JM101", "JM105"]
    assert report["evidence_coverage"]["ratio"] == 1.0
    summary = data["summary"]
    assert summary["errors"] == 1
    assert summary["ok"] is False
    assert summary["evidence_coverage"]["claims"] == 9


def test_github_annotations(tmp_path: Path) -> None:
    file = _write(
        tmp_path, "shop.yaml", as_text(edits(drop("goal"), drop("touchpoints.0.bindings")))
    )
    result = _lint(str(file), "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"::error file={file},line=1,col=1,title=JM101::the map states no business goal "
        "(hint: add `goal:` with the business goal the map serves, e.g. 'Reduce cart abandonment')"
    )
    assert any(line.startswith("::notice ") and "title=JM307" in line for line in lines)
    assert all(line.startswith("::") for line in lines)


def test_disable_option_by_code_and_name(tmp_path: Path) -> None:
    file = _write(tmp_path, "shop.yaml", as_text(edits(drop("goal"), drop("owner"))))
    result = _lint(str(file), "--disable", "JM101", "-d", "map-without-owner", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["reports"][0]["findings"] == []


def test_unknown_disable_code_is_a_usage_error(tmp_path: Path) -> None:
    file = _write(tmp_path, "shop.yaml", as_text())
    result = _lint(str(file), "--disable", "JM1O1")
    assert result.exit_code == 2
    assert "did you mean JM101 (map-without-goal)?" in result.stderr


def test_disable_in_the_map(tmp_path: Path) -> None:
    file = _write(
        tmp_path, "shop.yaml", as_text(edits(drop("goal"), put("lint", {"disable": ["JM101"]})))
    )
    assert _lint(str(file)).exit_code == 0


def test_whole_workspace_without_paths_and_workspace_disable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "journeymap.toml").write_text('[lint]\ndisable = ["JM101"]\n', encoding="utf-8")
    maps = tmp_path / "maps"
    maps.mkdir()
    _write(maps, "a.yaml", as_text(drop("goal")))
    _write(maps, "b.yaml", as_text(drop("owner")))
    monkeypatch.chdir(tmp_path)
    result = _lint("--json")
    assert result.exit_code == 0
    reports = json.loads(result.stdout)["reports"]
    assert [Path(r["file"]).name for r in reports] == ["a.yaml", "b.yaml"]
    assert [[f["code"] for f in r["findings"]] for r in reports] == [[], ["JM105"]]


def test_no_path_outside_a_workspace_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = _lint()
    assert result.exit_code == 2
    assert "journeymap.toml" in result.stderr


def test_broken_yaml_gives_jm000_with_position_and_no_traceback(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.yaml", as_text())
    bad = _write(tmp_path, "bad.yaml", "id: shop\ntitle: Shop\nstages:\n  - id: [a\n")
    result = _lint(str(good), str(bad))
    assert result.exit_code == 1
    assert f"{bad}:5:1 JM000 error invalid YAML" in result.stdout
    assert "1 map failed to load" in result.stdout


def test_folder_argument_lints_its_maps(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", as_text())
    _write(tmp_path, "b.yml", as_text(drop("segment")))
    result = _lint(str(tmp_path), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["files"] == 2


def test_bad_today_is_a_usage_error(tmp_path: Path) -> None:
    file = _write(tmp_path, "shop.yaml", as_text())
    result = runner.invoke(app, ["lint", str(file), "--today", "yesterday"])
    assert result.exit_code == 2


def test_bad_format_is_a_usage_error(tmp_path: Path) -> None:
    file = _write(tmp_path, "shop.yaml", as_text())
    assert _lint(str(file), "--format", "xml").exit_code == 2


def test_list_rules() -> None:
    result = runner.invoke(app, ["lint", "--list-rules"])
    assert result.exit_code == 0
    for code, rule in RULES.items():
        assert code in result.stdout
        assert rule.name in result.stdout
    as_json = runner.invoke(app, ["lint", "--list-rules", "--json"])
    assert [r["code"] for r in json.loads(as_json.stdout)] == list(RULES)
