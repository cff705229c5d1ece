"""`journeymap serve` as a subprocess on a free loopback port, with bounded waits."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from journeymap.service.keys import KeyRing

SRC = Path(__file__).resolve().parents[2] / "src"
CONFIG = """store = "duckdb://store.duckdb"
[serve]
spool_max_seconds = 0.2
loader_interval = 0.05
"""


def make_workspace(root: Path) -> dict[str, str]:
    """A workspace with one key of each kind; returns the keys."""
    (root / "journeymap.toml").write_text(CONFIG, encoding="utf-8")
    ring = KeyRing(root / ".journeymap" / "keys.json")
    return {kind: ring.create(kind)[1] for kind in ("write", "read", "admin")}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


class Server:
    def __init__(self, root: Path, port: int, read_key: str) -> None:
        self.root = root
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.read_key = read_key
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        self._log = (self.root / "server.log").open("ab")
        command = [sys.executable, "-m", "journeymap", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command,
            cwd=self.root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            start_new_session=True,
        )
        wait_for(lambda: httpx.get(self.url + "/ready").status_code == 200, 30, "/ready")
        return self

    def metric(self, name: str) -> float:
        text = httpx.get(self.url + "/metrics", auth=(self.read_key, "")).text
        found = re.search(rf"^{name} (\S+)$", text, re.MULTILINE)
        return float(found.group(1)) if found else 0.0

    def wait_loaded(self, events: int, seconds: float = 30) -> None:
        def done() -> bool:
            loaded = self.metric("journeymap_events_loaded_total")
            return loaded >= events and self.metric("journeymap_spool_pending_bytes") == 0

        wait_for(done, seconds, f"{events} events loaded")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        assert self.process is not None
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
        self.process.wait(timeout=30)
        self._log.close()
