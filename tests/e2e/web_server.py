"""`journeymap web` as a subprocess on a free loopback port (for the browser tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.e2e.server import SRC, free_port, wait_for


class WebServer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> WebServer:
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        command = [sys.executable, "-m", "journeymap", "web", "--port", str(self.port)]
        with (self.root / "web.log").open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=self.root, env=env, stdout=subprocess.DEVNULL, stderr=log
            )
        wait_for(lambda: httpx.get(self.url + "/login").status_code == 200, 30, "/login")
        return self

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def log(self) -> str:
        return (self.root / "web.log").read_text(encoding="utf-8", errors="replace")
