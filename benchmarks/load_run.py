"""A bounded load test of `journeymap serve` through the official Segment SDK, on loopback.

`run_load` starts `journeymap serve` in a fresh workspace, sends `count` track events through
`segment-analytics-python` (batches of 100, one consumer thread), optionally kills the server
with SIGKILL once a share of the events was acknowledged and starts it again on the same port
(the SDK retries what it could not deliver), waits for the loader, stops the server and counts,
in the store, every event the SDK saw acknowledged with a 200:

- lost: acknowledged, not in the store (must be 0);
- duplicated: stored rows beyond one per messageId (must be 0);
- unacknowledged stored: in the store although the SDK never saw the 200 (the kill cut the
  answer after the fsync; not an error, the SDK's retry then proves the dedupe).

Every wait is bounded (`timeout` seconds in all); nothing listens beyond 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"
CONFIG = """store = "duckdb://store.duckdb"
[serve]
spool_max_seconds = 0.5
loader_interval = 0.1
"""
HIGH_WATER = 20_000
"""Events waiting in the SDK's queue before the producer pauses (the SDK drops beyond its
queue size; pausing keeps memory flat at 1M events and loses nothing on the client side)."""


@dataclass
class LoadResult:
    sent: int
    acknowledged: int
    failed: int
    stored: int
    lost: int
    duplicated: int
    unacknowledged_stored: int
    ack_seconds: float
    loaded_seconds: float
    kills: int
    acknowledged_before_kill: int

    @property
    def events_per_s(self) -> float:
        return self.acknowledged / self.ack_seconds if self.ack_seconds else 0.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(check: Callable[[], bool], deadline: float, what: str) -> None:
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # the server is not listening yet (or is being restarted)
            pass
        time.sleep(0.05)
    raise TimeoutError(f"load test: timed out waiting for {what}")


class _Server:
    """`journeymap serve` on 127.0.0.1 in its own process group."""

    def __init__(self, root: Path, read_key: str) -> None:
        self.root = root
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.read_key = read_key
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, deadline: float) -> None:
        import httpx

        command = [sys.executable, "-m", "journeymap", "serve", "--host", "127.0.0.1"]
        with (self.root / "server.log").open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "--port", str(self.port)],
                cwd=self.root,
                env={**os.environ, "PYTHONPATH": str(SRC)},
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        _wait(lambda: httpx.get(self.url + "/ready").status_code == 200, deadline, "/ready")

    def pending_bytes(self) -> float:
        import httpx

        text = httpx.get(self.url + "/metrics", auth=(self.read_key, "")).text
        found = re.search(r"^journeymap_spool_pending_bytes (\S+)$", text, re.MULTILINE)
        return float(found.group(1)) if found else -1.0

    def stop(self, sig: int) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
        if self.process is not None:
            self.process.wait(timeout=120)


def _workspace(root: Path) -> tuple[str, str]:
    from journeymap.service.keys import KeyRing

    root.mkdir(parents=True, exist_ok=True)
    (root / "journeymap.toml").write_text(CONFIG, encoding="utf-8")
    ring = KeyRing(root / ".journeymap" / "keys.json")
    return ring.create("write")[1], ring.create("read")[1]


def _client(write_key: str, url: str, acked: list[str], failed: list[str]) -> Any:
    """The SDK client; every batch its consumer got a 200 for is recorded in `acked`."""
    import segment.analytics as segment_analytics

    def on_error(_error: Exception, batch: list[dict[str, Any]]) -> None:
        failed.extend(item["messageId"] for item in batch)

    client = segment_analytics.Client(
        write_key, host=url, on_error=on_error, max_queue_size=HIGH_WATER * 2, max_retries=20
    )
    for consumer in client.consumers:
        request = consumer.request  # the SDK's own upload with its retries; returns on a 200 only

        def acknowledged(batch: list[dict[str, Any]], request: Any = request) -> Any:
            response = request(batch)
            acked.extend(item["messageId"] for item in batch)
            return response

        consumer.request = acknowledged
    return client


def _count(store_path: Path, acked: list[str]) -> tuple[int, int, int, int]:
    """(stored rows, lost, duplicated, stored without acknowledgement) for our events."""
    import duckdb
    import pyarrow as pa

    connection = duckdb.connect(str(store_path), read_only=True)
    try:
        acknowledged = pa.table({"message_id": pa.array(sorted(set(acked)), pa.string())})
        connection.register("acknowledged", acknowledged)
        stored, distinct = connection.execute(
            "SELECT count(*), count(DISTINCT message_id) FROM events WHERE message_id LIKE 'load-%'"
        ).fetchone() or (0, 0)
        (lost,) = connection.execute(
            "SELECT count(*) FROM acknowledged a"
            " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.message_id = a.message_id)"
        ).fetchone() or (0,)
        (extra,) = connection.execute(
            "SELECT count(DISTINCT message_id) FROM events e WHERE message_id LIKE 'load-%'"
            " AND NOT EXISTS (SELECT 1 FROM acknowledged a WHERE a.message_id = e.message_id)"
        ).fetchone() or (0,)
    finally:
        connection.close()
    return int(stored), int(lost), int(stored) - int(distinct), int(extra)


def run_load(
    count: int, root: Path, *, kill_at: float | None = None, timeout: float = 1800.0
) -> LoadResult:
    """Send `count` events through the SDK; with `kill_at` (0..1) SIGKILL the server once that
    share was acknowledged and restart it. Raises TimeoutError past `timeout` seconds."""
    deadline = time.monotonic() + timeout
    write_key, read_key = _workspace(root)
    server = _Server(root, read_key)
    server.start(deadline)
    acked: list[str] = []
    failed: list[str] = []
    killed: list[int] = []
    try:
        client = _client(write_key, server.url, acked, failed)
        started = time.perf_counter()
        killer = None
        if kill_at is not None:
            killer = threading.Thread(
                target=_kill_and_restart,
                args=(server, acked, int(count * kill_at), deadline, killed),
            )
            killer.start()
        for number in range(count):
            while client.queue.qsize() >= HIGH_WATER:
                if time.monotonic() > deadline:
                    raise TimeoutError("load test: the SDK's queue does not drain")
                time.sleep(0.002)
            client.track(
                user_id=f"u{number % 50_000}",
                event="Product Viewed",
                properties={"sku": f"sku-{number % 300}", "price": number % 97},
                message_id=f"load-{number}",
            )
        if killer is not None:
            killer.join(max(deadline - time.monotonic(), 0))
            if not killed:
                raise TimeoutError("load test: the server was not killed and restarted in time")
        _wait(lambda: client.queue.unfinished_tasks == 0, deadline, "the SDK's flush")
        ack_seconds = time.perf_counter() - started
        _wait(lambda: server.pending_bytes() == 0, deadline, "the loader")
        loaded_seconds = time.perf_counter() - started
        client.shutdown()
    finally:
        server.stop(signal.SIGTERM)
    stored, lost, duplicated, extra = _count(root / "store.duckdb", acked)
    return LoadResult(
        sent=count,
        acknowledged=len(set(acked)),
        failed=len(failed),
        stored=stored,
        lost=lost,
        duplicated=duplicated,
        unacknowledged_stored=extra,
        ack_seconds=ack_seconds,
        loaded_seconds=loaded_seconds,
        kills=len(killed),
        acknowledged_before_kill=killed[0] if killed else 0,
    )


def _kill_and_restart(
    server: _Server, acked: list[str], after: int, deadline: float, killed: list[int]
) -> None:
    """SIGKILL the server (and its loader) once `after` events were acknowledged, restart it;
    appends the count acknowledged at the kill to `killed` when the server is up again."""
    _wait(lambda: len(acked) >= after, deadline, f"{after} acknowledged events")
    server.stop(signal.SIGKILL)
    at_kill = len(acked)
    server.start(deadline)
    killed.append(at_kill)
