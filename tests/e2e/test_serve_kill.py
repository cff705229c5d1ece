"""SIGKILL `journeymap serve` while it collects and loads; after a restart every acknowledged
event is in the store exactly once."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import httpx
import pytest

from journeymap.store import Store
from tests.e2e.server import Server, free_port, make_workspace

pytestmark = pytest.mark.slow
BATCH = 200
MAX_BATCHES = 60


def _send(url: str, key: str, acked: list[str], stop: threading.Event) -> None:
    with httpx.Client(auth=(key, ""), timeout=10) as client:
        for number in range(MAX_BATCHES):
            if stop.is_set():
                return
            ids = [f"b{number}-{i}" for i in range(BATCH)]
            batch = [
                {"type": "track", "event": "Tick", "userId": f"u{i % 50}", "messageId": m}
                for i, m in enumerate(ids)
            ]
            try:
                response = client.post(url + "/v1/batch", json={"batch": batch})
            except httpx.HTTPError:
                return
            if response.status_code == 200:
                acked.extend(ids)


def test_acknowledged_events_survive_sigkill_exactly_once(tmp_path: Path) -> None:
    keys = make_workspace(tmp_path)
    server = Server(tmp_path, free_port(), keys["read"]).start()
    acked: list[str] = []
    stop = threading.Event()
    sender = threading.Thread(target=_send, args=(server.url, keys["write"], acked, stop))
    sender.start()
    try:
        server.wait_loaded(BATCH)  # the loader is busy and the sender still sending
    finally:
        server.stop(signal.SIGKILL)
        stop.set()
        sender.join(timeout=30)
    assert acked
    restarted = Server(tmp_path, server.port, keys["read"]).start()
    try:
        restarted.wait_loaded(0)
    finally:
        restarted.stop()
    with Store.open(f"duckdb://{tmp_path / 'store.duckdb'}") as store:
        rows = store.duckdb.execute("SELECT message_id, count(*) FROM events GROUP BY 1").fetchall()
    stored = dict(rows)
    assert all(count == 1 for count in stored.values())
    missing = [m for m in acked if m not in stored]
    assert not missing, f"{len(missing)} acknowledged events lost"
