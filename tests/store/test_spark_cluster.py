"""`journeymap ingest`, `stats`, `analyze funnel` and `report` through the CLI on a real
standalone Spark cluster (master and worker in their own processes) give the numbers of DuckDB
and local Spark (the report's floats to 9 significant digits)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from tests.report.report_numbers import STEPS, report_numbers, write_map, write_shop_events
from tests.spark_cluster import standalone_cluster

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.spark,
    pytest.mark.slow,
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
    ),
]
VOLATILE = ("store", "engine", "imports", "seconds", "rows_per_second", "checksum", "file")


def _workspace(root: Path, store: str) -> Path:
    root.mkdir(parents=True)
    write_map(root)
    (root / "journeymap.toml").write_text(f'name = "t"\nstore = "{store}"\n', encoding="utf-8")
    return root


def _cli(workspace: Path, *args: str) -> dict[str, Any]:
    """Run `journeymap ARGS --json` in its own process (a new driver each time)."""
    env = dict(
        os.environ,
        PYSPARK_PYTHON=sys.executable,
        PYSPARK_DRIVER_PYTHON=sys.executable,
        SPARK_LOCAL_IP="127.0.0.1",  # the driver listens on loopback only, as the cluster does
        # a few shuffle partitions, not Spark's 200: the worker has one core and tiny data
        PYSPARK_SUBMIT_ARGS="--conf spark.sql.shuffle.partitions=2 --conf spark.ui.enabled=false"
        " pyspark-shell",
    )
    done = subprocess.run(
        [sys.executable, "-m", "journeymap", *args, "--json"],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    output: dict[str, Any] = json.loads(done.stdout)
    return output


def _in_process(workspace: Path, *args: str) -> dict[str, Any]:
    """The same command in this process, on the test session's local Spark."""
    cwd = Path.cwd()
    os.chdir(workspace)
    try:
        result = CliRunner().invoke(app, [*args, "--json"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    output: dict[str, Any] = json.loads(result.stdout)
    return output


def _numbers(stats: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in stats.items() if k not in VOLATILE}


def _run(runner: Any, workspace: Path, events: Path) -> tuple[Any, ...]:
    imported = runner(workspace, "ingest", str(events))["imports"][0]
    counts = {k: imported[k] for k in ("rows_read", "rows_stored", "rows_quarantined")}
    again = runner(workspace, "ingest", str(events))["imports"][0]["rows_stored"]
    # floats (times to convert, quantiles) to 9 significant digits: engines sum in other orders
    return (
        counts,
        again,
        report_numbers(_numbers(runner(workspace, "stats"))),
        report_numbers(runner(workspace, "analyze", "funnel", *STEPS)),
        report_numbers(runner(workspace, "report", "maps/steps.yaml")),
    )


def test_cli_on_a_standalone_cluster_matches_duckdb_and_local_spark(
    spark: Any, tmp_path: Path
) -> None:
    events = write_shop_events(tmp_path / "events.jsonl")
    duck = _run(_cli, _workspace(tmp_path / "duck", "duckdb://store.duckdb"), events)
    local_store = f"pyspark://{tmp_path / 'local'}?database=jm_{uuid.uuid4().hex[:8]}"
    local = _run(_in_process, _workspace(tmp_path / "on-local", local_store), events)
    with standalone_cluster(tmp_path / "cluster") as master:
        url = f"pyspark://{master}?warehouse={tmp_path / 'warehouse'}"
        on_cluster = _run(_cli, _workspace(tmp_path / "on-cluster", url), events)
    assert duck[0] == {"rows_read": 28, "rows_stored": 27, "rows_quarantined": 1}
    assert duck[1] == 0  # the second import is a no-op (dedupe by message id)
    assert [s["persons"] for s in duck[3]["steps"]] == [12, 8, 4]  # a1 and u1 are one person
    assert [s["persons"] for s in duck[4]["stages"]["stages"]] == [12, 8, 4, 2]
    assert local == duck
    assert on_cluster == duck
