"""`journeymap ingest` and `journeymap stats`: output, JSON, exit codes, store resolution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from journeymap.cli.app import app

runner = CliRunner()

EVENTS = "\n".join(
    [
        '{"type":"track","event":"Product Viewed","anonymousId":"a1","messageId":"m1",'
        '"timestamp":"2024-05-01T10:00:00Z"}',
        '{"type":"identify","anonymousId":"a1","userId":"u1","messageId":"m2",'
        '"timestamp":"2024-05-01T10:05:00Z","traits":{"plan":"free"}}',
        '{"type":"track","event":"Order Completed","userId":"u1","messageId":"m3",'
        '"timestamp":"2024-05-02T10:00:00Z"}',
        '{"type":"track","event":"Broken"',
    ]
)


def invoke(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def events_file(tmp_path: Path) -> Path:
    path = tmp_path / "events.jsonl"
    path.write_text(EVENTS + "\n", encoding="utf-8")
    return path


def test_ingest_then_stats_json(tmp_path: Path, events_file: Path) -> None:
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    first = invoke("ingest", str(events_file), "--store", url, "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    (imported,) = data["imports"]
    assert (imported["rows_stored"], imported["rows_quarantined"]) == (3, 1)
    assert imported["reasons"] == {"invalid JSON": 1}
    again = json.loads(invoke("ingest", str(events_file), "--store", url, "--json").output)
    assert again["imports"][0]["rows_duplicate"] == 3
    stats = invoke("stats", "--store", url, "--json")
    assert stats.exit_code == 0
    numbers = json.loads(stats.output)
    assert numbers["events"] == 3
    assert numbers["persons"] == 1
    assert numbers["identities"] == 2
    assert numbers["quarantined"] == {"total": 1, "by_reason": {"invalid JSON": 1}}
    assert numbers["event_names"] == {"(identify)": 1, "Order Completed": 1, "Product Viewed": 1}
    assert numbers["first_timestamp"] == "2024-05-01T10:00:00"
    assert numbers["last_timestamp"] == "2024-05-02T10:00:00"
    assert len(numbers["imports"]) == 2


def test_readable_output_names_the_quarantine_reasons(tmp_path: Path, events_file: Path) -> None:
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    result = invoke("ingest", str(events_file), "--store", url)
    assert result.exit_code == 0
    assert "stored 3 new event(s), 1 quarantined" in result.output
    assert "invalid JSON" in result.output
    stats = invoke("stats", "--store", url)
    assert "events 3 · persons 1" in stats.output
    assert "Order Completed" in stats.output


def test_workspace_store_is_the_default(
    tmp_path: Path, events_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "journeymap.toml").write_text('name = "shop"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert invoke("ingest", str(events_file)).exit_code == 0
    assert (tmp_path / ".journeymap" / "store.duckdb").is_file()
    assert json.loads(invoke("stats", "--json").output)["events"] == 3


def test_no_workspace_and_no_store_is_a_usage_error(
    tmp_path: Path, events_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (("ingest", str(events_file)), ("stats",)):
        result = invoke(*args)
        assert result.exit_code == 2
        assert "no journeymap.toml" in result.output


def test_mapping_options_and_failed_files(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    crm = tmp_path / "crm.csv"
    crm.write_text("client,step,when,note\nc1,Call,2024-03-01 12:00,hi\n", encoding="utf-8")
    missing = invoke("ingest", str(crm), "--person", "customer", "--store", url)
    assert missing.exit_code == 1
    assert "--person names column 'customer'" in missing.output
    ok = invoke(
        "ingest",
        str(crm),
        "--person",
        "client",
        "--event",
        "step",
        "--time",
        "when",
        "--timezone",
        "Europe/Moscow",
        "--source",
        "crm",
        "--store",
        url,
        "--json",
    )
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["imports"][0]["rows_stored"] == 1
    bad_zone = invoke("ingest", str(crm), "--timezone", "Mars/Olympus", "--store", url)
    assert bad_zone.exit_code == 2
    assert "unknown time zone" in bad_zone.output


def test_enrich_option(tmp_path: Path, events_file: Path) -> None:
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    side = tmp_path / "side.csv"
    side.write_text("id,campaign\nm1,spring\n", encoding="utf-8")
    result = invoke(
        "ingest", str(events_file), "--enrich", str(side), "--key", "id", "--store", url, "--json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["enrich"]["matched"] == 1
    assert invoke("ingest", "--enrich", str(side), "--store", url).exit_code == 2


def test_memory_limit_option(tmp_path: Path, events_file: Path) -> None:
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    stored = invoke("ingest", str(events_file), "--store", url, "--memory-limit", "64MB", "--json")
    assert stored.exit_code == 0, stored.output
    assert json.loads(stored.output)["imports"][0]["rows_stored"] == 3
    wrong = invoke("ingest", str(events_file), "--store", url, "--memory-limit", "lots")
    assert wrong.exit_code == 2
    assert "512MB or 2GB" in wrong.output
