"""`journeymap automations validate|dry-run|run|status` on the seed shop's cart reminder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _events() -> str:
    rows = []
    for person in ("u1", "u2", "u3", "u4", "u5", "u6"):
        rows.append(
            {
                "type": "identify",
                "userId": person,
                "messageId": f"id-{person}",
                "timestamp": "2026-03-02T08:00:00Z",
                "traits": {"email": f"{person}@example.com", "first_name": person.upper()},
            }
        )
        rows.append(
            {
                "type": "track",
                "event": "Checkout Started",
                "userId": person,
                "messageId": f"cs-{person}",
                "timestamp": "2026-03-02T08:01:00Z",
                "properties": {"products": [{"name": "Tomato", "quantity": 2}, {"name": "Basil"}]},
            }
        )
    return "\n".join(json.dumps(row) for row in rows) + "\n"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    seed = REPO / "examples" / "seed-shop"
    shutil.copy(seed / "journeymap.toml", tmp_path)
    shutil.copytree(seed / "maps", tmp_path / "maps")
    shutil.copytree(seed / "automations", tmp_path / "automations")
    (tmp_path / "events.jsonl").write_text(_events(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_validate_dry_run_and_status(workspace: Path) -> None:
    assert runner.invoke(app, ["automations", "validate"]).exit_code == 0
    assert runner.invoke(app, ["ingest", "events.jsonl"]).exit_code == 0
    assert runner.invoke(app, ["profiles"]).exit_code == 0
    result = runner.invoke(app, ["automations", "dry-run", "--ahead", "3d", "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    outbox = (workspace / "outbox.dry-run.jsonl").read_text(encoding="utf-8").splitlines()
    messages = [json.loads(line) for line in outbox]
    assert len(messages) == counts["sent"] >= 1
    assert "- Tomato x2" in messages[0]["text"]
    # the dry run worked on a copy: the store has no automation state
    status = runner.invoke(app, ["automations", "status", "--json"])
    assert json.loads(status.output)["persons"] == []
    once = runner.invoke(app, ["automations", "run", "--once", "--json"])
    assert once.exit_code == 0, once.output
    entered = sum(v for k, v in json.loads(once.output).items() if k.startswith("entered"))
    assert entered == 6
    status = runner.invoke(app, ["automations", "status", "--json"])
    assert sum(row["persons"] for row in json.loads(status.output)["persons"]) == 6


def test_a_broken_chain_is_reported_with_its_line(workspace: Path) -> None:
    chain = workspace / "automations" / "cart-reminder.yaml"
    chain.write_text(
        chain.read_text(encoding="utf-8").replace("send: advice", "send: advise"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["automations", "validate"])
    assert result.exit_code == 1
    assert "cart-reminder.yaml:30:" in result.output
    assert "unknown message 'advise'" in result.output


def test_no_folder_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["automations", "validate"]).exit_code == 2


def test_validate_reports_a_kpi_effect_of_an_unknown_chain(workspace: Path) -> None:
    assert runner.invoke(app, ["validate"]).exit_code == 0
    shop = workspace / "maps" / "seed-shop.en.yaml"
    text = shop.read_text(encoding="utf-8")
    assert "effect(cart-reminder, cart_recovery)" in text  # the demo's KPI
    shop.write_text(text.replace("effect(cart-reminder,", "effect(cart-remindr,"), "utf-8")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "effect(cart-" in row)
    assert f"seed-shop.en.yaml:{line}:" in result.output
    assert "unknown chain 'cart-remindr'" in result.output
    assert "did you mean 'cart-reminder'?" in result.output
    assert runner.invoke(app, ["automations", "validate"]).exit_code == 1
