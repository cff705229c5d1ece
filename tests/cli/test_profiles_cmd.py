"""`journeymap profiles`: summary, one person's profile, JSON, bad input and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from journeymap.cli.app import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()

EVENTS = [
    {
        "type": "identify",
        "userId": "u1",
        "anonymousId": "a1",
        "messageId": "m1",
        "timestamp": "2026-03-01T08:00:00Z",
        "traits": {"region": "siberia", "level": "beginner"},
    },
    {
        "type": "track",
        "event": "Product Viewed",
        "userId": "u1",
        "channel": "web",
        "messageId": "m2",
        "timestamp": "2026-03-01T08:05:00Z",
        "properties": {"product_id": "tomato-siberian-early"},
    },
    {
        "type": "track",
        "event": "Product Added",
        "anonymousId": "a2",
        "messageId": "m3",
        "timestamp": "2026-03-02T09:00:00Z",
        "properties": {"product_id": "sku-not-in-catalog"},
    },
]


def invoke(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "shop"
    shutil.copytree(REPO / "examples" / "seed-shop", root)
    monkeypatch.chdir(root)
    return root


def _ingest(root: Path) -> None:
    events = root / "events.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in EVENTS), encoding="utf-8")
    assert invoke("ingest", str(events)).exit_code == 0


def test_summary_counts_persons_per_stage_and_reports_missing_items(workspace: Path) -> None:
    _ingest(workspace)
    result = invoke("profiles")
    assert result.exit_code == 0, result.output
    assert "Choosing seeds (research)" in result.output
    assert "Cart and checkout (purchase)" in result.output
    assert "1 events name 1 items missing from the catalog" in result.output
    data = json.loads(invoke("profiles", "--update", "--json").output)
    assert (data["mode"], data["written"], data["profiles"]) == ("update", 0, 2)
    assert data["map"] == "seed-shop-first-purchase"
    assert {s["stage"]: s["persons"] for s in data["stages"]} == {"research": 1, "purchase": 1}
    assert data["catalog"]["examples"] == [{"item": "sku-not-in-catalog", "events": 1}]


def test_one_profile_readable_and_as_json(workspace: Path) -> None:
    _ingest(workspace)
    result = invoke("profiles", "a1")  # any id of the person
    assert result.exit_code == 0, result.output
    assert "Choosing seeds" in result.output
    assert 'Tomato "Siberian Early"' in result.output  # the catalog's title of the item
    assert "region siberia" in result.output
    assert "Send hours" in result.output
    profile = json.loads(invoke("profiles", "u1", "--json").output)
    assert profile["person_id"] == "u1"
    assert profile["stage"] == "research"
    assert profile["traits"] == {"level": "beginner", "region": "siberia"}
    assert profile["interests"]["items"][0]["id"] == "tomato-siberian-early"
    # one view, 24 h 55 min before the as-of time (the latest event): 0.5 ** (days / 30)
    decayed = round(0.5 ** ((24 + 55 / 60) / 24 / 30), 6)
    assert profile["interests"]["categories"] == [{"id": "tomatoes", "score": decayed}]


def test_unknown_person_and_empty_store_exit_1(workspace: Path) -> None:
    empty = invoke("profiles")
    assert empty.exit_code == 1
    assert "the store has no events" in empty.output
    _ingest(workspace)
    unknown = invoke("profiles", "nobody")
    assert unknown.exit_code == 1
    assert "no person 'nobody' in the store" in unknown.output


def test_catalog_errors_exit_1_with_file_and_line(workspace: Path) -> None:
    _ingest(workspace)
    (workspace / "content" / "more.csv").write_text("id,type,title\nx,gadget,X\n", "utf-8")
    result = invoke("profiles")
    assert result.exit_code == 1
    assert "more.csv:2" in result.output
    assert "'gadget' is not an item type" in result.output


def test_an_explicit_map_and_store(tmp_path: Path, workspace: Path) -> None:
    _ingest(workspace)
    url = f"duckdb://{workspace / '.journeymap' / 'store.duckdb'}"
    loan = str(REPO / "examples/bpi-loan/maps/loan.en.yaml")
    data = json.loads(invoke("profiles", "--map", loan, "--store", url, "--json").output)
    assert data["map"] == "bpi-loan-application"
    assert data["stages"] == [{"stage": None, "name": None, "persons": 2}]
    missing = invoke("profiles", "--map", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 1
