"""`journeymap users add|list` and `journeymap web`'s refusal to start without users."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.service.accounts import Accounts

runner = CliRunner()


def test_users_add_and_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "journeymap.toml").write_text('name = "t"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    added = runner.invoke(
        app, ["users", "add", "anna", "--role", "editor", "--password-stdin"], input="long-secret\n"
    )
    assert added.exit_code == 0, added.output
    user = Accounts(tmp_path).authenticate("anna", "long-secret")
    assert user is not None
    assert user.role == "editor"
    assert "long-secret" not in (tmp_path / ".journeymap" / "users.json").read_text()
    listed = json.loads(runner.invoke(app, ["users", "list", "--json"]).output)
    assert listed == [{"name": "anna", "role": "editor", "language": None}]
    wrong_role = runner.invoke(
        app, ["users", "add", "bob", "--role", "root", "--password-stdin"], input="long-secret\n"
    )
    assert wrong_role.exit_code == 2
    assert "viewer, editor, admin" in wrong_role.output
    short = runner.invoke(app, ["users", "add", "bob", "--password-stdin"], input="short\n")
    assert short.exit_code == 2


def test_web_needs_a_user_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "journeymap.toml").write_text('name = "t"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    answer = runner.invoke(app, ["web", "--port", "0"])
    assert answer.exit_code == 2
    assert "users add" in answer.output


def test_users_need_a_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    answer = runner.invoke(app, ["users", "list"])
    assert answer.exit_code == 2
    assert "journeymap.toml" in answer.output
