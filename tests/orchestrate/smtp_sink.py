"""An SMTP server on loopback (aiosmtpd) that keeps every message it gets, and knows which
Message-IDs it has seen: a receiver that drops a copy of a message it already has, as ESPs do
with an idempotency key."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: Counter[str] = Counter()
        self.messages: dict[str, Message] = {}
        self.deliveries: list[tuple[str, str, str]] = []
        """(Message-ID, To, text) of every message taken, copies included."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content)
        key = str(message["Message-ID"])
        with self.lock:
            self.received[key] += 1
            self.messages.setdefault(key, message)
            text = message.get_payload(decode=True) if not message.is_multipart() else b""
            body = text.decode("utf-8", "replace") if isinstance(text, bytes) else ""
            self.deliveries.append((key, str(message["To"]), body.strip()))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_sink(sink: Sink | None = None) -> Iterator[tuple[Sink, int]]:
    """A server on a free loopback port, keeping what it gets in `sink` (a new `Sink` if none)."""
    sink = sink or Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()
