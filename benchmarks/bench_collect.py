"""Collection speed: events/s through `journeymap serve`, acknowledged and durable.

N track calls go through the official Segment SDK (`segment-analytics-python`, batches of 100,
one consumer thread) to a `journeymap serve` on loopback; the clock stops when `flush()` returns,
that is when every batch got its 200, which the server sends only after fsyncing the spool.
"loaded s" is how long until the loader had every event in the store. Comparator, in the same
run: the same events written straight into a DuckDB table with `executemany` (one transaction).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import Report, in_child, timed

FULL_SIZES = [200_000]
QUICK_SIZES = [20_000]
SRC = Path(__file__).resolve().parents[1] / "src"


def _events(count: int) -> list[dict[str, Any]]:
    return [
        {
            "user_id": f"u{i % 5000}",
            "event": "Product Viewed",
            "properties": {"sku": f"sku-{i % 300}", "price": i % 97},
            "message_id": f"m{i}",
        }
        for i in range(count)
    ]


def executemany_floor(count: int, store: str) -> dict[str, Any]:
    """Child: the same events into DuckDB with executemany, nothing else."""
    import duckdb

    rows = [
        (e["message_id"], "track", e["event"], e["user_id"], json.dumps(e["properties"]))
        for e in _events(count)
    ]
    connection = duckdb.connect(store)
    connection.execute(
        "CREATE TABLE events (message_id VARCHAR, type VARCHAR, event VARCHAR,"
        " user_id VARCHAR, properties JSON)"
    )
    _, seconds = timed(connection.executemany, "INSERT INTO events VALUES (?, ?, ?, ?, ?)", rows)
    connection.close()
    return {"seconds": seconds}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _metric(url: str, key: str, name: str) -> float:
    import httpx

    text = httpx.get(url + "/metrics", auth=(key, "")).text
    found = re.search(rf"^{name} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def _wait(check: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # the server is not listening yet
            pass
        time.sleep(0.05)
    raise RuntimeError("timed out")


def through_sdk(count: int, folder: Path) -> dict[str, float]:
    import httpx
    import segment.analytics as segment_analytics

    from journeymap.service.keys import KeyRing

    folder.mkdir(parents=True)
    (folder / "journeymap.toml").write_text('store = "duckdb://store.duckdb"\n', encoding="utf-8")
    ring = KeyRing(folder / ".journeymap" / "keys.json")
    write, read = ring.create("write")[1], ring.create("read")[1]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with (folder / "server.log").open("ab") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "journeymap", "serve", "--port", str(port)],
            cwd=folder,
            env={**os.environ, "PYTHONPATH": str(SRC)},
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        try:
            _wait(lambda: httpx.get(url + "/ready").status_code == 200, 60)
            client = segment_analytics.Client(write, host=url, max_queue_size=count + 1)
            events = _events(count)
            started = time.perf_counter()
            for event in events:
                client.track(**event)
            client.flush()
            acknowledged = time.perf_counter() - started
            _wait(lambda: _metric(url, read, "journeymap_events_loaded_total") >= count, 600)
            loaded = time.perf_counter() - started
            client.shutdown()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=120)
    return {"acknowledged": acknowledged, "loaded": loaded}


def run(sizes: list[int]) -> Report:
    report = Report(
        "collect: Segment SDK -> journeymap serve (acknowledged = fsynced in the spool)",
        [
            "events",
            "ack s",
            "events/s",
            "loaded s",
            "executemany s",
            "executemany ev/s",
            "speed vs executemany",
        ],
    )
    with tempfile.TemporaryDirectory(prefix="jm-bench-collect-") as folder:
        for size in sizes:
            ours = through_sdk(size, Path(folder) / f"ws-{size}")
            floor = in_child(
                "benchmarks.bench_collect:executemany_floor",
                count=size,
                store=str(Path(folder) / f"floor-{size}.duckdb"),
            )
            report.add(
                size,
                ours["acknowledged"],
                size / ours["acknowledged"],
                ours["loaded"],
                floor["seconds"],
                size / floor["seconds"],
                floor["seconds"] / ours["acknowledged"],
            )
    report.notes.append(
        "the SDK, the server and its loader share the machine's 2 cores; 'speed vs executemany'"
        " = executemany seconds / our acknowledged seconds (above 1: faster than the comparator)"
    )
    return report
