"""Recommendation latency under collection load: p50/p99 of GET /v1/recommendations.

A workspace with the seed shop's maps and catalog, N persons' product views and their
profiles is served by `journeymap serve` (loader and API in one process). While a thread
posts `/v1/batch` calls of 100 events to it without pause, another sends GET
/v1/recommendations/{person} at a fixed rate (200 requests/s, the issue's target) and times
each answer. Comparator, in the same run and under the same collection load on the machine: a
bare FastAPI endpoint returning a constant list, served by uvicorn with one worker.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.harness import Report

FULL_SIZES = [5_000]
QUICK_SIZES = [500]
RATE = 200.0
SECONDS = 10.0
SRC = Path(__file__).resolve().parents[1] / "src"
SEED_SHOP = Path(__file__).resolve().parents[1] / "examples" / "seed-shop"
ITEMS = ("tomato-siberian-early", "tomato-black-prince", "cucumber-kustovoy", "basil-genovese")


def _workspace(folder: Path, persons: int) -> dict[str, str]:
    import shutil

    from journeymap.events.ingest import ingest
    from journeymap.model import load_map
    from journeymap.personalize.profile_build import ProfileInputs
    from journeymap.personalize.profile_store import update_profiles
    from journeymap.service.keys import KeyRing
    from journeymap.store import Store

    folder.mkdir(parents=True)
    shutil.copytree(SEED_SHOP / "maps", folder / "maps")
    shutil.copytree(SEED_SHOP / "content", folder / "content")
    (folder / "journeymap.toml").write_text('store = "duckdb://store.duckdb"\n', encoding="utf-8")
    rows = [
        {
            "messageId": f"seed-{p}-{k}",
            "type": "track",
            "userId": f"u{p}",
            "event": "Product Viewed",
            "properties": {"product_id": ITEMS[(p + k * (p % 3 + 1)) % len(ITEMS)]},
            "timestamp": f"2026-03-{p % 28 + 1:02d}T10:{k:02d}:00Z",
        }
        for p in range(persons)
        for k in range(4)
    ]
    events = folder / "seed.jsonl"
    events.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    journey = load_map(folder / "maps" / "seed-shop.en.yaml")
    with Store.open(f"duckdb://{folder / 'store.duckdb'}") as store:
        ingest(store, [events])
        update_profiles(store, ProfileInputs(journey=journey, persons=store.table("persons")))
    ring = KeyRing(folder / ".journeymap" / "keys.json")
    return {"write": ring.create("write")[1], "read": ring.create("read")[1]}


def _start(command: list[str], folder: Path, url: str, ready: str) -> subprocess.Popen[bytes]:
    import httpx

    log = (folder / "server.log").open("ab")
    process = subprocess.Popen(
        command,
        cwd=folder,
        env={**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{SRC.parent}"},
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + ready, timeout=5).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGTERM)
    raise RuntimeError(f"{command} did not start; see {folder / 'server.log'}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=120)


class Collector(threading.Thread):
    """Posts batches of 100 track calls until stopped; counts acknowledged events."""

    def __init__(self, url: str, key: str) -> None:
        super().__init__(daemon=True)
        self.url, self.key = url, key
        self.stop = threading.Event()
        self.posted = 0

    def run(self) -> None:
        import httpx

        with httpx.Client(auth=(self.key, ""), timeout=60) as client:
            batch_number = 0
            while not self.stop.is_set():
                batch = [
                    {
                        "type": "track",
                        "userId": f"load-{batch_number}-{i % 20}",
                        "event": "Product Viewed",
                        "properties": {"product_id": ITEMS[i % len(ITEMS)]},
                        "messageId": f"load-{batch_number}-{i}",
                    }
                    for i in range(100)
                ]
                if client.post(self.url + "/v1/batch", json={"batch": batch}).status_code == 200:
                    self.posted += len(batch)
                batch_number += 1


def paced_latencies(get: Callable[[int], int], rate: float, seconds: float) -> list[float]:
    """Send `rate` requests per second for `seconds` (closed loop, no catching up in bursts)."""
    latencies: list[float] = []
    interval = 1.0 / rate
    started = time.perf_counter()
    number = 0
    while time.perf_counter() - started < seconds:
        due = started + number * interval
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        begun = time.perf_counter()
        status = get(number)
        latencies.append(time.perf_counter() - begun)
        if status != 200:
            raise RuntimeError(f"request {number} answered {status}")
        number += 1
    return latencies


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _measure(url: str, path: Callable[[int], str], key: str | None, persons: int) -> dict[str, Any]:
    import httpx

    auth = (key, "") if key else None
    with httpx.Client(auth=auth, timeout=30) as client:
        for number in range(50):  # warm up the connection and the server
            client.get(url + path(number))
        started = time.perf_counter()
        latencies = paced_latencies(
            lambda n: client.get(url + path(n % persons)).status_code, RATE, SECONDS
        )
        elapsed = time.perf_counter() - started
    return {
        "p50": _quantile(latencies, 0.5) * 1000,
        "p99": _quantile(latencies, 0.99) * 1000,
        "achieved": len(latencies) / elapsed,
    }


def _free_port() -> int:
    from benchmarks.bench_collect import _free_port as free

    return free()


def _measure_under_load(
    folder: Path, keys: dict[str, str], size: int, *, read_port: bool
) -> dict[str, Any]:
    """Ours (reads on the main port, or on `--read-port`) and the bare endpoint, both while
    the collector posts to the main port."""
    port, bare_port, reads_port = _free_port(), _free_port(), _free_port()
    url, bare_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{bare_port}"
    serve = [sys.executable, "-m", "journeymap", "serve", "--port", str(port)]
    reads = url
    if read_port:
        serve += ["--read-port", str(reads_port)]
        reads = f"http://127.0.0.1:{reads_port}"
    bare = [
        sys.executable, "-m", "uvicorn", "benchmarks.bare_app:app",
        "--port", str(bare_port), "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    server = _start(serve, folder, url, "/ready")
    comparator = _start(bare, folder, bare_url, "/docs")
    collector = Collector(url, keys["write"])
    try:
        if read_port:  # the read process serves once the loader's process exported the state
            _wait_ok(reads + "/v1/recommendations/u0?n=10", keys["read"])
        collector.start()
        time.sleep(1.0)  # the load is running before the first timed request
        posted_before, clock = collector.posted, time.perf_counter()
        ours = _measure(reads, lambda n: f"/v1/recommendations/u{n}?n=10", keys["read"], size)
        theirs = _measure(bare_url, lambda n: f"/v1/recommendations/u{n}", None, size)
        rate = (collector.posted - posted_before) / (time.perf_counter() - clock)
    finally:
        collector.stop.set()
        collector.join(timeout=120)
        _stop(comparator)
        _stop(server)
    return {"ours": ours, "bare": theirs, "posted": rate}


def _wait_ok(url: str, key: str) -> None:
    import httpx

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, auth=(key, ""), timeout=30).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200")


def run(sizes: list[int]) -> Report:
    report = Report(
        "read latency: GET /v1/recommendations while events are collected",
        [
            "persons",
            "reads served by",
            "req/s",
            "p50 ms",
            "p99 ms",
            "bare p50 ms",
            "bare p99 ms",
            "p99 vs bare",
            "events/s posted",
        ],
    )
    with tempfile.TemporaryDirectory(prefix="jm-bench-read-") as temp:
        for size in sizes:
            folder = Path(temp) / f"ws-{size}"
            keys = _workspace(folder, size)
            for label, separate in (
                ("serve (one process)", False),
                ("serve --read-port", True),
            ):
                found = _measure_under_load(folder, keys, size, read_port=separate)
                ours, theirs = found["ours"], found["bare"]
                report.add(
                    size,
                    label,
                    ours["achieved"],
                    ours["p50"],
                    ours["p99"],
                    theirs["p50"],
                    theirs["p99"],
                    ours["p99"] / theirs["p99"],
                    found["posted"],
                )
    report.notes.append(
        f"{RATE:.0f} GET/s paced for {SECONDS:.0f} s per server over one keep-alive connection; "
        "the collection load (batches of 100 track calls, one thread, no pause) runs against "
        "journeymap serve's main port during both measurements; the bare endpoint checks no key"
    )
    report.notes.append(
        "serve --read-port: the GETs go to the read process, which serves the state the "
        "loader's process exported; the posts go to the main port"
    )
    return report
