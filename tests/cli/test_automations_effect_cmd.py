"""`journeymap automations effect CHAIN` on a store the runner filled on a fake clock."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.orchestrate.effect import chain_effect
from journeymap.store import Store
from tests.orchestrate.helpers import load, write_folder
from tests.orchestrate.test_effect import REMINDER, SETTINGS, run_reminder

runner = CliRunner()


@pytest.fixture
def filled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    monkeypatch.chdir(tmp_path)
    folder = write_folder(tmp_path / "automations", {"c.yaml": REMINDER}, SETTINGS)
    url = f"duckdb://{tmp_path / 'store.duckdb'}"
    with Store.open(url) as store:
        run_reminder(store, load(folder), tmp_path)
    return folder, url


def test_effect_prints_the_library_numbers(filled: tuple[Path, str]) -> None:
    folder, url = filled
    options = ["--folder", str(folder), "--store", url]
    result = runner.invoke(app, ["automations", "effect", "cart-reminder", *options, "--json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    with Store.open(url) as store:
        expected = chain_effect(store, load(folder).chains[0]).row()
    assert row == pytest.approx(expected, nan_ok=True)

    text = runner.invoke(app, ["automations", "effect", "cart-reminder", *options])
    assert text.exit_code == 0, text.output
    assert f"{expected['lift'] * 100:+.1f} pp" in text.output
    command = ["automations", "effect", "cart-reminder", *options]
    russian = runner.invoke(app, ["--lang", "ru", *command])
    assert russian.exit_code == 0, russian.output
    assert "п. п." in russian.output


def test_unknown_chain_is_a_usage_error(filled: tuple[Path, str]) -> None:
    folder, url = filled
    result = runner.invoke(
        app, ["automations", "effect", "nope", "--folder", str(folder), "--store", url]
    )
    assert result.exit_code == 2
    assert "cart-reminder" in result.output


def test_report_reads_the_workspace_chains(tmp_path: Path) -> None:
    from journeymap.cli.report_cmd import _chains
    from journeymap.model.workspace import find_workspace

    seed = Path(__file__).resolve().parents[2] / "examples" / "seed-shop"
    shutil.copy(seed / "journeymap.toml", tmp_path)
    shutil.copytree(seed / "maps", tmp_path / "maps")
    assert _chains(find_workspace(tmp_path)) == []  # no automations/: no chains
    shutil.copytree(seed / "automations", tmp_path / "automations")
    assert [chain.id for chain in _chains(find_workspace(tmp_path))] == ["cart-reminder"]
    broken = tmp_path / "automations" / "cart-reminder.yaml"
    broken.write_text("automation: 1\nid: [\n", encoding="utf-8")
    assert _chains(find_workspace(tmp_path)) == []


def test_markers_are_the_library_rows(filled: tuple[Path, str]) -> None:
    from journeymap.orchestrate.markers import chain_markers

    folder, url = filled
    command = ["automations", "effect", "cart-reminder", "--folder", str(folder), "--store", url]
    result = runner.invoke(app, [*command, "--markers", "--json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    with Store.open(url) as store:
        expected = chain_markers(store, load(folder).chains[0]).rows()
    assert [marker["marker"] for marker in row["markers"]] == [m["marker"] for m in expected]
    assert row["markers"] == [pytest.approx(m, nan_ok=True) for m in expected]
    russian = runner.invoke(app, ["--lang", "ru", *command, "--markers"])
    assert russian.exit_code == 0, russian.output
    assert "повторная" in russian.output
    assert "маркер" not in runner.invoke(app, command).output  # only with --markers
    text = runner.invoke(app, [*command, "--markers"]).output
    assert "after - before" in text
    # the store holds no events from before the chain: the before period has nobody
    assert "before the chain: persons with the entry event from 2026-02-28 12:00" in text
    assert row["markers"][0]["before_units"] == 0
    assert "до цепочки" in russian.output
