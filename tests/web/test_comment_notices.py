"""Notices of new comments: the map's owner and the thread's earlier authors hear of a comment
(in the app, and by e-mail when the workspace has an smtp channel), never its author; the
gallery counts each map's open comments."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from journeymap.model.map_comments import Comment
from journeymap.web.notifications import NOTIFICATIONS_FILE, notices, recipients
from tests.orchestrate.smtp_sink import smtp_sink
from tests.web.test_editor import HTMX

CELL = "stage/store-visit/fears"
OTHER = "stage/store-visit/motives"


def _owned_by(workspace: Path, owner: str) -> None:
    path = workspace / "maps" / "retail.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"owner: {owner}\n" if line.startswith("owner:") else line for line in lines]
    path.write_text("".join(lines), encoding="utf-8")


def _comment(client: TestClient, csrf: str, target: str, text: str) -> None:
    data = {"csrf": csrf, "target": target, "text": text}
    answer = client.post("/maps/retail/comments", data=data, headers=HTMX)
    assert answer.status_code == 200, answer.text


def _unread(client: TestClient) -> list[str]:
    found = client.get("/notifications.json").json()["notifications"]
    return [f"{n['author']}:{n['target']}" for n in found if not n["read"]]


def test_the_owner_and_the_thread_hear_of_a_comment_and_mark_it_read(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    _owned_by(workspace, "adam")
    _comment(client, sign_in("vera"), CELL, "Чего она боится?")
    csrf = sign_in("egor")
    _comment(client, csrf, CELL, "Доставки")  # the thread: vera hears, and the owner
    _comment(client, csrf, OTHER, "Цели?")  # another cell: only the owner
    assert _unread(client) == []  # egor owns nothing and started no thread before

    sign_in("vera")
    assert _unread(client) == [f"egor:{CELL}"]  # not of her own comment

    csrf = sign_in("adam")
    assert _unread(client) == [f"egor:{OTHER}", f"egor:{CELL}", f"vera:{CELL}"]  # newest first
    page = client.get("/maps").text
    assert 'id="notices-unread">3<' in page  # the badge in the header
    listed = client.get("/notifications").text
    assert listed.count('class="notice unread"') == 3
    first = client.get("/notifications.json").json()["notifications"][0]["id"]
    assert client.post(f"/notifications/{first}/read", data={"csrf": csrf}).status_code == 303
    assert len(_unread(client)) == 2
    assert client.post("/notifications/read", data={"csrf": csrf}).status_code == 303
    assert _unread(client) == []
    assert 'id="notices-unread"' not in client.get("/maps").text
    assert client.post("/notifications/read", data={}).status_code == 403  # CSRF as everywhere


def test_the_gallery_counts_open_comments(
    client: TestClient, sign_in: Callable[[str], str]
) -> None:
    csrf = sign_in("egor")
    assert client.get("/maps.json").json()["maps"][0]["open_comments"] == 0
    _comment(client, csrf, CELL, "one")
    _comment(client, csrf, OTHER, "two")
    assert client.get("/maps.json").json()["maps"][0]["open_comments"] == 2
    listed = client.get("/maps/retail/comments.json").json()
    assert {CELL, OTHER} <= set(listed["targets"])  # what the map offers to comment on
    found = listed["comments"][0]["id"]
    client.post(f"/maps/retail/comments/{found}/resolve", data={"csrf": csrf}, headers=HTMX)
    assert client.get("/maps.json").json()["maps"][0]["open_comments"] == 1
    assert '<span class="badge warn">1</span>' in client.get("/maps").text


def test_a_notice_goes_by_e_mail_through_the_automations_smtp_channel(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    _owned_by(workspace, "adam")
    csrf = sign_in("adam")
    page = client.get("/notifications").text
    assert "sends no e-mail" in page or "не отправляет" in page
    bad = client.post("/notifications/email", data={"csrf": csrf, "email": "adam"})
    assert bad.status_code == 422
    data = {"csrf": csrf, "email": "adam@example.org"}
    assert client.post("/notifications/email", data=data).status_code == 303
    with smtp_sink() as (sink, port):
        (workspace / "automations").mkdir()
        (workspace / "automations" / "settings.yaml").write_text(
            "automations: 1\nchannels:\n"
            f"  email: {{kind: smtp, host: 127.0.0.1, port: {port}, sender: map@example.org}}\n",
            encoding="utf-8",
        )
        _comment(client, sign_in("vera"), CELL, "Письмо владельцу")
        assert len(sink.messages) == 1
    message = next(iter(sink.messages.values()))
    assert message["To"] == "adam@example.org"
    assert "vera" in str(message["Subject"])
    assert "Письмо владельцу" in message.get_payload(decode=True).decode()


def test_recipients_never_include_the_author_or_unknown_names() -> None:
    def said(author: str, target: str = CELL) -> Comment:
        return Comment(f"{author}-{target}", target, "x", author, "2026-01-01T00:00:00+00:00")

    thread = [said("vera"), said("egor"), said("zoe"), said("adam", OTHER)]
    new = said("egor")
    assert recipients(new, thread, set(), {"vera", "egor", "adam"}) == ["vera"]
    assert recipients(new, thread, {"adam"}, {"vera", "egor", "adam"}) == ["adam", "vera"]
    assert recipients(new, [], {"egor"}, {"egor"}) == []
    assert recipients(new, thread, {"olga"}, {"vera", "egor"}) == ["vera"]


def test_a_broken_notices_file_is_logged_and_started_afresh(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    file = tmp_path / NOTIFICATIONS_FILE
    file.parent.mkdir(parents=True)
    file.write_text("{not json", encoding="utf-8")
    assert notices(tmp_path, "adam") == []
    assert "cannot be read" in caplog.text
