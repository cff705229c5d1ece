"""The UI language, step by step: the user's switch, then the workspace's `language` (read when
the app starts), then the browser's Accept-Language, then the map's own `language:` on a page
about one map, then English."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from journeymap.model.map_comments import Comment
from journeymap.orchestrate.channels import Outgoing
from journeymap.service.accounts import Accounts
from journeymap.web.app import create_web_app
from tests.web.conftest import csrf_of, signed_in_client

ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}
RUSSIAN = {"Accept-Language": "ru-RU,ru;q=0.9"}
NEITHER = {"Accept-Language": "de-DE,fr;q=0.8"}


def _russian_workspace(root: Path) -> Path:
    (root / "journeymap.toml").write_text('name = "shop"\nlanguage = "ru"\n', encoding="utf-8")
    return root


def _lang(client: TestClient, path: str, headers: dict[str, str]) -> str:
    page = client.get(path, headers=headers)
    assert page.status_code == 200, page.text
    return page.text.partition('<html lang="')[2].partition('"')[0]


def test_the_workspace_language_wins_over_the_browser(workspace: Path) -> None:
    with signed_in_client(_russian_workspace(workspace), "vera") as client:
        assert _lang(client, "/maps", ENGLISH) == "ru"
        page = client.get("/maps/retail", headers=ENGLISH).text
        assert "Персоны" in page
        assert "Personas" not in page
    anonymous = TestClient(create_web_app(workspace), follow_redirects=False)
    assert _lang(anonymous, "/login", ENGLISH) == "ru"


def test_the_user_s_switch_wins_over_the_workspace(workspace: Path) -> None:
    with signed_in_client(_russian_workspace(workspace), "vera") as client:
        csrf = csrf_of(client.get("/maps").text)
        chosen = client.post("/language", data={"csrf": csrf, "language": "en", "next": "/maps"})
        assert chosen.status_code == 303
        assert _lang(client, "/maps", RUSSIAN) == "en"
        assert "Personas" in client.get("/maps/retail", headers=RUSSIAN).text


def test_the_workspace_is_read_once_when_the_app_starts(workspace: Path) -> None:
    with signed_in_client(workspace, "vera") as client:
        _russian_workspace(workspace)  # written after the start: no effect until a restart
        assert _lang(client, "/maps", ENGLISH) == "en"


def test_without_user_or_workspace_the_browser_then_the_map_then_english(
    workspace: Path,
) -> None:
    with signed_in_client(workspace, "vera") as client:
        assert _lang(client, "/maps", RUSSIAN) == "ru"
        assert _lang(client, "/maps/retail", ENGLISH) == "en"  # the browser over the map
        # A browser naming no supported language: the Russian map's pages speak Russian...
        assert _lang(client, "/maps/retail", NEITHER) == "ru"
        assert _lang(client, "/maps/retail/history", NEITHER) == "ru"
        # ...and every other page English.
        assert _lang(client, "/maps", NEITHER) == "en"
        assert _lang(client, "/notifications", {}) == "en"


def test_comment_e_mails_follow_the_user_then_the_workspace(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.web import comment_mail

    sent: list[Outgoing] = []

    class Channel:
        def send(self, message: Outgoing) -> None:
            sent.append(message)

    monkeypatch.setattr(comment_mail, "smtp_channel", lambda root: Channel())
    accounts = Accounts(workspace)
    for name in ("vera", "egor"):
        accounts.set_email(name, f"{name}@example.org")
    accounts.set_language("egor", "en")
    comment = Comment("c1", "stage/store-visit/fears", "Дорого", "adam", "2026-12-07T10:00:00")
    told = comment_mail.mail_comment(
        workspace, accounts, ["vera", "egor"], "retail", comment, language="ru"
    )
    assert told == 2
    subjects = {m.address: m.subject for m in sent}
    assert subjects["vera@example.org"].startswith("Новый комментарий")
    assert subjects["egor@example.org"].startswith("New comment")
