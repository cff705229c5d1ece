"""`journeymap serve --read-port`: a separate read process serves the state the loader's
process exports; its answers are the main process's answers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from benchmarks.bench_read_latency import _workspace

from tests.e2e.server import SRC, free_port, wait_for

pytestmark = pytest.mark.slow


def test_the_read_process_answers_as_the_main_one(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    keys = _workspace(folder, 40)
    port, read_port = free_port(), free_port()
    command = [sys.executable, "-m", "journeymap", "serve", "--port", str(port)]
    with (tmp_path / "server.log").open("ab") as log:
        server = subprocess.Popen(
            [*command, "--read-port", str(read_port)],
            cwd=folder,
            env={**os.environ, "PYTHONPATH": str(SRC)},
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
    main, reader = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{read_port}"
    auth = (keys["read"], "")
    path = "/v1/recommendations/u7?n=3"
    try:
        wait_for(lambda: httpx.get(main + path, auth=auth).status_code == 200, 60, "main reads")
        wait_for(lambda: httpx.get(reader + path, auth=auth).status_code == 200, 60, "read port")
        for route in (path, "/v1/profiles/u7", "/v1/next-best-action/u7"):
            ours, theirs = httpx.get(reader + route, auth=auth), httpx.get(main + route, auth=auth)
            assert ours.status_code == theirs.status_code == 200, (route, ours.text)
            assert ours.json() == theirs.json()
        assert httpx.get(reader + path, auth=(keys["write"], "")).status_code == 403
        assert (folder / ".journeymap" / "read-state.pickle").is_file()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    assert server.returncode is not None
