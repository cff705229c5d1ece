"""A real standalone Spark cluster for tests: a master and one worker, separate JVM processes
started from the pyspark package, on loopback only, stopped at the end (see tests/e2e)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BOOT_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent


def _environment(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SPARK_HOME=str(spark_home()),
        SPARK_LOCAL_IP="127.0.0.1",
        SPARK_LOG_DIR=str(work / "logs"),
        SPARK_WORKER_DIR=str(work / "worker"),
        SPARK_NO_DAEMONIZE="1",
    )
    return env


def _wait_for(log: Path, text: str, process: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{log.name} exited early:\n{log.read_text(errors='replace')}")
        if text in log.read_text(errors="replace"):
            return
        time.sleep(0.5)
    raise TimeoutError(f"no {text!r} in {log} within {BOOT_SECONDS:.0f} s")


@contextmanager
def standalone_cluster(work: Path, memory: str = "1g") -> Iterator[str]:
    """Start a master and one 1-core worker; yield the master URL (`spark://127.0.0.1:PORT`)."""
    work.mkdir(parents=True, exist_ok=True)
    env = _environment(work)
    spark_class = str(spark_home() / "bin" / "spark-class")
    port = free_port()
    master_url = f"spark://127.0.0.1:{port}"
    deploy = "org.apache.spark.deploy"
    processes: list[subprocess.Popen[bytes]] = []
    deadline = time.monotonic() + BOOT_SECONDS
    try:
        master_log = work / "master.log"
        with master_log.open("wb") as out:
            processes.append(
                subprocess.Popen(
                    [
                        spark_class,
                        f"{deploy}.master.Master",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--webui-port",
                        str(free_port()),
                    ],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        _wait_for(master_log, "I have been elected leader", processes[0], deadline)
        worker_log = work / "worker.log"
        with worker_log.open("wb") as out:
            processes.append(
                subprocess.Popen(
                    [
                        spark_class,
                        f"{deploy}.worker.Worker",
                        master_url,
                        "--host",
                        "127.0.0.1",
                        "--cores",
                        "1",
                        "--memory",
                        memory,
                        "--webui-port",
                        str(free_port()),
                        "--work-dir",
                        str(work / "worker"),
                    ],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        _wait_for(worker_log, "Successfully registered with master", processes[1], deadline)
        yield master_url
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
