"""The e-mail copy of a comment's notice goes after the comment's answer: over real HTTP (uvicorn
on loopback) the answer arrives while the SMTP server still holds the message back, and the
message arrives afterwards; a send that fails is recorded on the notice, the comment stays."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi.testclient import TestClient

from journeymap.model.map_comments import load_comments
from journeymap.service.accounts import Accounts
from journeymap.web.app import create_web_app
from journeymap.web.notifications import notices
from tests.orchestrate.smtp_sink import Sink, free_port, smtp_sink
from tests.web.conftest import PASSWORD, csrf_of
from tests.web.test_editor import HTMX

CELL = "stage/store-visit/fears"
WAIT = 5.0
"""Seconds any step may take before the test gives up (each normally takes far less)."""


class HeldSink(Sink):
    """A sink that takes a message only once the test says the comment's answer has arrived
    (or after `WAIT` seconds), noting which it was."""

    def __init__(self) -> None:
        super().__init__()
        self.answered = threading.Event()
        self.answered_first: bool | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        loop = asyncio.get_running_loop()
        self.answered_first = await loop.run_in_executor(None, self.answered.wait, WAIT - 2)
        return await super().handle_DATA(server, session, envelope)


def _mail_settings(workspace: Path, port: int) -> None:
    (workspace / "automations").mkdir()
    (workspace / "automations" / "settings.yaml").write_text(
        "automations: 1\nchannels:\n"
        f"  email: {{kind: smtp, host: 127.0.0.1, port: {port}, sender: map@example.org}}\n",
        encoding="utf-8",
    )


def _owned_by(workspace: Path, owner: str) -> None:
    path = workspace / "maps" / "retail.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"owner: {owner}\n" if line.startswith("owner:") else line for line in lines]
    path.write_text("".join(lines), encoding="utf-8")


@contextmanager
def _served(workspace: Path) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(create_web_app(workspace), host="127.0.0.1", port=port, log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    _until(lambda: server.started, "uvicorn did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=WAIT)


def _until(done: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not done():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


@contextmanager
def _signed_in(url: str, name: str) -> Iterator[tuple[httpx.Client, str]]:
    """An HTTP client signed in as `name`, and its CSRF token."""
    with httpx.Client(base_url=url, timeout=WAIT * 2) as client:
        data = {"csrf": csrf_of(client.get("/login").text), "name": name, "password": PASSWORD}
        assert client.post("/login", data=data | {"next": "/maps"}).status_code == 303
        yield client, csrf_of(client.get("/maps").text)


def test_the_comment_answers_before_the_mail_server_takes_the_message(
    workspace: Path,
) -> None:
    Accounts(workspace).set_email("adam", "adam@example.org")
    _owned_by(workspace, "Marketing; ADAM@example.org")  # the owner by address, in capitals
    held = HeldSink()
    with smtp_sink(held) as (sink, port), _served(workspace) as url:
        _mail_settings(workspace, port)
        with _signed_in(url, "vera") as (client, csrf):
            data = {"csrf": csrf, "target": CELL, "text": "Письмо после ответа"}
            answer = client.post("/maps/retail/comments", data=data, headers=HTMX)
            assert answer.status_code == 200, answer.text
            assert not sink.messages  # the answer came while the server held the message back
            held.answered.set()
            [notice] = notices(workspace, "adam")  # the in-app notice is there already
            _until(lambda: sink.messages, "the mail never arrived")
            _until(lambda: notices(workspace, "adam")[0].mail, "the outcome was not recorded")
    assert held.answered_first is True
    message = next(iter(sink.messages.values()))
    assert message["To"] == "adam@example.org"
    assert "Письмо после ответа" in message.get_payload(decode=True).decode()
    assert notice.excerpt == "Письмо после ответа"
    assert notices(workspace, "adam")[0].mail == "sent"


def test_a_failed_send_is_recorded_on_the_notice_and_the_comment_stays(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    Accounts(workspace).set_email("adam", "adam@example.org")
    _owned_by(workspace, " adam ")
    _mail_settings(workspace, free_port())  # nothing listens there: the send fails at once
    data = {"csrf": sign_in("vera"), "target": CELL, "text": "Никто не примет"}
    answer = client.post("/maps/retail/comments", data=data, headers=HTMX)
    assert answer.status_code == 200, answer.text
    assert [c.text for c in load_comments(workspace, workspace / "maps" / "retail.yaml")] == [
        "Никто не примет"
    ]
    [notice] = notices(workspace, "adam")
    assert notice.mail == "failed"
    sign_in("adam")
    page = client.get("/notifications").text
    assert f'id="notice-{notice.id}-mail"' in page
    assert client.get("/notifications.json").json()["notifications"][0]["mail"] == "failed"


def test_a_workspace_without_mail_records_no_outcome(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    _owned_by(workspace, "Adam, Egor")
    data = {"csrf": sign_in("vera"), "target": CELL, "text": "Только в приложении"}
    assert client.post("/maps/retail/comments", data=data, headers=HTMX).status_code == 200
    assert [n.mail for n in notices(workspace, "adam") + notices(workspace, "egor")] == ["", ""]
