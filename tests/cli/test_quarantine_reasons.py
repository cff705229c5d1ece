"""Quarantine reasons are categories: `ingest` and `stats` count rows per kind of problem."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from journeymap.cli.app import app

runner = CliRunner()


def test_top_reasons_count_rows_per_category(tmp_path: Path) -> None:
    path = tmp_path / "crm.csv"
    path.write_text(
        "message_id,user_id,event,timestamp\n"
        "e1,u1,Opened,2024-01-01 10:00:00\n"
        "e1,u1,Closed,2024-01-01 11:00:00\n"  # same id as row 1, other content
        "e2,u2,Opened,2024-01-02 10:00:00\n"
        "e2,u2,Closed,2024-01-02 11:00:00\n"  # same id as row 3, other content
        "e3,u3,Opened,2024-01-03,x\n"  # one field too many
        "e4,u4,Opened,2024-01-04,x,y\n"  # two fields too many
        "e5,u5,Opened,2024-01-05,x,y,z\n",
        encoding="utf-8",
    )
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    ingested = runner.invoke(app, ["ingest", str(path), "--store", url, "--json"])
    assert ingested.exit_code == 0, ingested.output
    reasons = json.loads(ingested.output)["imports"][0]["reasons"]
    assert reasons == {
        "malformed CSV row: too many columns": 3,
        "duplicate message id with different content": 2,
    }
    stats = json.loads(runner.invoke(app, ["stats", "--store", url, "--json"]).output)
    assert stats["quarantined"] == {"total": 5, "by_reason": reasons}
    readable = runner.invoke(app, ["ingest", str(path), "--store", url])
    assert "3  malformed CSV row: too many columns" in readable.output
