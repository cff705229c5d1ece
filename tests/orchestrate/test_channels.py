"""Channels: real SMTP against a loopback server, a signed webhook, an outbox that knows its
keys."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from journeymap.orchestrate.channels import (
    OutboxChannel,
    Outgoing,
    SmtpChannel,
    WebhookChannel,
)
from journeymap.orchestrate.settings import ChannelConfig
from journeymap.orchestrate.unsubscribe import UnsubscribeToken, read_token, unsubscribe_token
from journeymap.orchestrate.webhook_signature import verify_webhook
from tests.orchestrate.smtp_sink import smtp_sink

MESSAGE = Outgoing(
    key="k1",
    chain="cart-reminder",
    person_id="ann",
    channel="email",
    address="ann@example.com",
    language="ru",
    subject="Ваши семена ждут",
    text="Томаты\n",
    html="<p>Томаты</p>\n",
    unsubscribe_url="https://seeds.example/u?token=t",
)


def test_smtp_sends_text_and_html_with_the_key_as_message_id() -> None:
    with smtp_sink() as (sink, port):
        SmtpChannel(ChannelConfig(kind="smtp", port=port, sender="shop@example.com")).send(MESSAGE)
    assert list(sink.received) == ["<k1@journeymap>"]
    email = sink.messages["<k1@journeymap>"]
    assert email["To"] == "ann@example.com"
    assert email["List-Unsubscribe"] == "<https://seeds.example/u?token=t>"
    types = [part.get_content_type() for part in email.walk()]
    assert types == ["multipart/alternative", "text/plain", "text/html"]
    plain = email.get_payload()[0].get_payload(decode=True).decode()  # type: ignore[index, union-attr]
    assert plain.strip() == "Томаты"


class _Hook(BaseHTTPRequestHandler):
    seen: list[tuple[dict[str, str], bytes]] = []  # noqa: RUF012 - one test's recorder

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def hook() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()
    server.server_close()


def test_webhook_is_signed_and_carries_the_key(hook: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOK_SECRET", "s3cret")
    config = ChannelConfig(kind="webhook", url=hook, secret_env="HOOK_SECRET")
    before = int(time.time())
    WebhookChannel(config).send(MESSAGE)
    headers, body = _Hook.seen[-1]
    stamp = headers["X-Journeymap-Timestamp"]
    assert before <= int(stamp) <= time.time()
    signed = stamp.encode() + b"." + body
    expected = hmac.new(b"s3cret", signed, hashlib.sha256).hexdigest()
    signature = headers["X-Journeymap-Signature"]
    assert signature == f"sha256={expected}"
    assert headers["Idempotency-Key"] == "k1"
    assert json.loads(body)["subject"] == "Ваши семена ждут"
    # the receiver's check: the timestamp is signed, stale deliveries are refused
    now = float(stamp)
    assert verify_webhook(b"s3cret", body, stamp, signature, now=now)
    assert not verify_webhook(b"s3cret", body, str(int(stamp) + 1), signature, now=now)
    assert not verify_webhook(b"s3cret", body + b" ", stamp, signature, now=now)
    assert not verify_webhook(b"other", body, stamp, signature, now=now)
    assert not verify_webhook(b"s3cret", body, stamp, signature, now=now + 301)
    assert not verify_webhook(b"s3cret", body, None, signature, now=now)


def test_outbox_knows_its_keys_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "outbox.jsonl"
    OutboxChannel(path).send(MESSAGE)
    again = OutboxChannel(path)
    assert again.delivered("k1") is True
    assert again.delivered("k2") is False
    again.send(MESSAGE)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1


def test_unsubscribe_tokens_are_signed() -> None:
    token = unsubscribe_token("ann", "cart-reminder", "NO_SUCH_ENV")
    assert read_token(token, "NO_SUCH_ENV") == UnsubscribeToken("ann", "cart-reminder")
    bob = unsubscribe_token("bob", "cart-reminder", "NO_SUCH_ENV")
    assert read_token(bob.split(".")[0] + "." + token.split(".")[1], "NO_SUCH_ENV") is None


def test_smtp_holds_the_final_dot_until_commit() -> None:
    """Staged, the server has the envelope and the lines but no message; the "." delivers it."""
    with smtp_sink() as (sink, port):
        channel = SmtpChannel(ChannelConfig(kind="smtp", port=port, sender="shop@example.com"))
        dotted = replace(MESSAGE, key="k2", text=".a line with a dot\n")
        staged = channel.stage(dotted)
        time.sleep(0.05)
        assert not sink.received  # nothing until the end of data
        staged.commit()
        assert list(sink.received) == ["<k2@journeymap>"]
        staged.close()
    plain = sink.messages["<k2@journeymap>"].get_payload()[0].get_payload(decode=True)  # type: ignore[index, union-attr]
    assert plain.decode().startswith(".a line")  # dot-stuffed on the wire, not in the message


def test_smtp_notes_each_250_in_a_journal_a_restart_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.orchestrate import channels

    monkeypatch.setattr(channels, "JOURNAL_ROTATE_BYTES", 20)  # two keys a generation
    path = tmp_path / "delivered.log"
    config = ChannelConfig(kind="smtp", sender="shop@example.com")
    with smtp_sink() as (sink, port):
        config = config.model_copy(update={"port": port})
        sent = SmtpChannel(config, journal=channels.DeliveredJournal(path))
        for n in range(3):
            sent.send(replace(MESSAGE, key=f"key-number-{n}"))
    assert len(sink.received) == 3
    restarted = SmtpChannel(config, journal=channels.DeliveredJournal(path))
    assert [restarted.delivered(f"key-number-{n}") for n in range(3)] == [True] * 3
    assert restarted.delivered("never-sent") is None  # unknown: SMTP cannot be asked
    assert path.with_name("delivered.log.old").is_file()  # rotated, both generations read
    assert SmtpChannel(config).delivered("key-number-0") is None  # no journal: unknown
