"""The one commands of docs/ingestion.md for real export shapes, and attribution on what they
load: a purchase log without channels says so, a lead/deal export credits its lead channels."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from journeymap.cli.app import app

runner = CliRunner()
FIXTURES = Path(__file__).parent.parent / "events" / "fixtures"


def invoke(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def test_purchase_log_without_channels_is_not_100_percent_no_touch(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    path = str(FIXTURES / "cdnow_purchases.txt")
    ingested = invoke("ingest", path, "--event-name", "Order Completed", "--store", url)
    assert ingested.exit_code == 0, ingested.output
    result = invoke(
        "analyze", "attribution", "--conversion", "Order Completed", "--by", "channel",
        "--store", url,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "has a channel" in result.output
    assert "--channel COL" in result.output


def test_leads_and_deals_in_one_command_then_attribution(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    leads, deals = str(FIXTURES / "olist_leads.csv"), str(FIXTURES / "olist_deals.csv")
    ingested = invoke(
        "ingest", leads, deals, "--person", "mql_id", "--event-name", "Lead Created",
        "--event-name", "Deal Won", "--store", url, "--json",
    )  # fmt: skip
    assert ingested.exit_code == 0, ingested.output
    imports = json.loads(ingested.output)["imports"]
    assert [i["rows_stored"] for i in imports] == [4, 2]
    result = invoke(
        "analyze", "attribution", "--conversion", "Deal Won", "--model", "last_touch",
        "--lookback", "365d", "--store", url, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    credits = json.loads(result.stdout)["models"][0]["credits"]
    assert {c["label"]: c["conversions"] for c in credits} == {
        "organic search": 1.0,
        "social": 1.0,
    }


def test_event_names_must_match_the_files(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    leads = str(FIXTURES / "olist_leads.csv")
    result = invoke(
        "ingest", leads, "--event-name", "A", "--event-name", "B", "--event-name", "C",
        "--store", url,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "3 --event-name options for 1 file(s)" in result.output


def test_warehouse_folder_in_one_command_names_what_it_did_not_join(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    result = invoke("ingest", str(FIXTURES / "segment_warehouse"), "--store", url)
    assert result.exit_code == 0, result.output
    assert "stored 7 new event(s)" in result.output
    assert "table users not loaded" in result.output
    again = tmp_path / "again.duckdb"
    as_json = invoke("ingest", str(FIXTURES / "segment_warehouse"), "--store", str(again), "--json")
    imported = json.loads(as_json.output)["imports"][0]
    assert (imported["format"], imported["rows_stored"]) == ("segment-warehouse", 7)
    assert imported["warnings"][0].startswith("1 row(s) of table order_completed joined no row")
