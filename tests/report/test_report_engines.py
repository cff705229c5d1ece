"""`journeymap ingest` then `journeymap report` through the CLI on a local PySpark store give the
report of a DuckDB store, number for number (floats to 9 significant digits)."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from tests.report.report_numbers import report_numbers, write_map, write_shop_events

pytestmark = [
    pytest.mark.spark,
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
    ),
]


def _report(workspace: Path, store: str, events: Path) -> dict[str, Any]:
    workspace.mkdir()
    (workspace / "journeymap.toml").write_text(f'name = "t"\nstore = "{store}"\n', "utf-8")
    map_path = write_map(workspace)
    cwd = Path.cwd()
    os.chdir(workspace)
    try:
        ingested = CliRunner().invoke(app, ["ingest", str(events), "--json"])
        assert ingested.exit_code == 0, ingested.output
        result = CliRunner().invoke(app, ["report", map_path, "--json"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_report_on_local_spark_matches_duckdb(spark: Any, tmp_path: Path) -> None:
    events = write_shop_events(tmp_path / "events.jsonl")
    duck = _report(tmp_path / "duck", "duckdb://store.duckdb", events)
    on_spark = _report(
        tmp_path / "spark",
        f"pyspark://{tmp_path / 'warehouse'}?database=jm_{uuid.uuid4().hex[:8]}",
        events,
    )
    assert duck["data"]["events"] == 27
    assert [s["persons"] for s in duck["stages"]["stages"]] == [12, 8, 4, 2]
    assert duck["repeat_purchase"]["repeat_customers"] == 2
    assert report_numbers(on_spark) == report_numbers(duck)
