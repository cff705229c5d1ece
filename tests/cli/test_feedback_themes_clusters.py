"""`journeymap feedback themes --method/--clusters`: clustered themes from the store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from journeymap.cli.app import app
from tests.analytics.feedback.test_discovery import TEXTS


def _store(tmp_path: Path) -> str:
    source = tmp_path / "bank.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["user_id", "timestamp", "comment", "touchpoint"])
        for n, text in enumerate(TEXTS):
            writer.writerow([f"u{n}", f"0{n % 9 + 1}.11.2026 10:{n:02d}", text, "bank"])
    url = f"duckdb://{tmp_path / 'store.duckdb'}"
    result = CliRunner().invoke(app, ["feedback", "ingest", str(source), "--store", url])
    assert result.exit_code == 0, result.output
    return url


def test_clustered_themes_with_quotes(tmp_path: Path) -> None:
    url = _store(tmp_path)
    runner = CliRunner()
    result = runner.invoke(
        app, ["feedback", "themes", "--clusters", "3", "--quotes", "2", "--store", url, "--json"]
    )
    assert result.exit_code == 0, result.output
    themes = json.loads(result.stdout)["themes"]
    named = [t for t in themes if t["id"] != "other"]
    assert len(named) == 3
    assert {t["method"] for t in themes} == {"clusters"}  # auto: the dictionary misses a bank
    assert all(len(t["quotes"]) == 2 and t["touchpoint"] == "bank" for t in named)
    table = runner.invoke(app, ["--lang", "ru", "feedback", "themes", "--store", url])
    assert "найдена в текстах" in " ".join(table.output.split())
    forced = runner.invoke(
        app, ["feedback", "themes", "--method", "dictionary", "--store", url, "--json"]
    )
    assert {t["method"] for t in json.loads(forced.stdout)["themes"]} == {"dictionary"}
    bad = runner.invoke(app, ["feedback", "themes", "--method", "magic", "--store", url])
    assert bad.exit_code == 2
