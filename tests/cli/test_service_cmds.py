"""`journeymap keys ...` and `journeymap privacy ...` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.service.keys import KeyRing

runner = CliRunner()


def test_keys_create_list_revoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "journeymap.toml").write_text('name = "t"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    created = runner.invoke(app, ["keys", "create", "--kind", "write", "--name", "site", "--json"])
    assert created.exit_code == 0, created.output
    record = json.loads(created.output)
    ring = KeyRing(tmp_path / ".journeymap" / "keys.json")
    assert ring.verify(record["key"]) is not None
    listed = runner.invoke(app, ["keys", "list", "--json"])
    assert [k["name"] for k in json.loads(listed.output)] == ["site"]
    assert record["key"] not in listed.output
    assert runner.invoke(app, ["keys", "revoke", record["id"]]).exit_code == 0
    assert ring.verify(record["key"]) is None
    assert runner.invoke(app, ["keys", "create", "--kind", "root"]).exit_code == 2
    assert runner.invoke(app, ["keys", "revoke", "nope"]).exit_code == 2


def test_privacy_export_and_delete(tmp_path: Path) -> None:
    events = tmp_path / "e.jsonl"
    events.write_text(
        json.dumps({"type": "track", "userId": "ann", "event": "E", "messageId": "1",
                    "timestamp": "2026-01-01T00:00:00Z"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    store = f"duckdb://{tmp_path / 's.duckdb'}"
    assert runner.invoke(app, ["ingest", str(events), "--store", store]).exit_code == 0
    exported = runner.invoke(app, ["privacy", "export", "ann", "--store", store])
    assert json.loads(exported.output)["tables"]["events"][0]["user_id"] == "ann"
    deleted = runner.invoke(app, ["privacy", "delete", "ann", "--store", store])
    assert deleted.exit_code == 0, deleted.output
    assert "events: 1" in deleted.output
    assert runner.invoke(app, ["privacy", "export", "ann", "--store", store]).exit_code == 1


def test_serve_outside_a_workspace_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["serve"]).exit_code == 2
