"""`journeymap feedback ingest|scores|themes` over a DuckDB store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from journeymap.cli import feedback_cmd

CSV = """respondent,answered,scale,value,comment,tp
a,2025-01-01T10:00:00Z,nps,10,Great app,catalog
b,2025-01-01T11:00:00Z,nps,2,"Courier was late, terrible",courier
c,2025-01-01T12:00:00Z,nps,9,,courier
d,2025-01-02T12:00:00Z,csat,1,"Курьер опоздал на два часа, ужасно",courier
e,yesterday,nps,3,,courier
"""

MAP = """journeymap: 1
id: shop
title: Shop
stages:
  - {id: choice, name: Choice, touchpoints: [catalog]}
  - {id: delivery, name: Delivery, touchpoints: [courier]}
touchpoints:
  - {id: catalog, name: Catalog}
  - {id: courier, name: Courier}
"""


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    feedback_cmd.register(app)
    app.command("noop")(lambda: None)  # a second command keeps `feedback` a subcommand
    return app


@pytest.fixture
def store(tmp_path: Path, cli: typer.Typer) -> str:
    source = tmp_path / "survey.csv"
    source.write_text(CSV, encoding="utf-8")
    url = f"duckdb://{tmp_path / 'store.duckdb'}"
    result = CliRunner().invoke(
        cli,
        [
            "feedback", "ingest", str(source), "--person", "respondent", "--timestamp",
            "answered", "--kind", "scale", "--score", "value", "--text", "comment",
            "--touchpoint", "tp", "--store", url, "--json",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.stdout)
    assert outcome["answers"] == 4
    assert outcome["import"]["rows_stored"] == 4
    assert [(r["row"], r["reason"]) for r in outcome["rejected"]] == [
        (
            5,
            "timestamp 'yesterday' is not a date and time (ISO 8601, 07.11.2026 10:15, "
            "11/07/2026 10:15 or epoch seconds)",
        )
    ]
    return url


def test_scores_json_and_table(cli: typer.Typer, store: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["feedback", "scores", "--store", store, "--json"])
    assert result.exit_code == 0, result.output
    rows = {(r["touchpoint"], r["kind"]): r for r in json.loads(result.stdout)["scores"]}
    assert rows["courier", "nps"]["answers"] == 2
    assert rows["courier", "nps"]["nps"] == pytest.approx(0.0)
    assert rows["catalog", "nps"]["nps"] == pytest.approx(100.0)
    map_file = tmp_path / "shop.yaml"
    map_file.write_text(MAP, encoding="utf-8")
    args = ["feedback", "scores", "--by", "stage", "--map", str(map_file), "--store", store]
    table = runner.invoke(cli, args)
    assert table.exit_code == 0, table.output
    assert "delivery" in table.stdout
    assert "NPS" in table.stdout


def test_themes(cli: typer.Typer, store: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["feedback", "themes", "--store", store, "--json"])
    assert result.exit_code == 0, result.output
    themes = json.loads(result.stdout)["themes"]
    # The English and the Russian complaint about the courier share one theme.
    assert [(t["touchpoint"], t["id"], t["size"]) for t in themes] == [("courier", "delay", 2)]
    assert themes[0]["share"] == 1.0
    russian = runner.invoke(cli, ["feedback", "themes", "--language", "ru", "--store", store])
    assert russian.exit_code == 0
    assert "Задержки" in russian.stdout


def test_usage_errors_are_clear(cli: typer.Typer, store: str, tmp_path: Path) -> None:
    runner = CliRunner()
    bad_by = runner.invoke(cli, ["feedback", "scores", "--by", "colour", "--store", store])
    assert bad_by.exit_code == 2
    assert "unknown --by colour" in bad_by.stderr
    bad_language = runner.invoke(cli, ["feedback", "themes", "--language", "de", "--store", store])
    assert bad_language.exit_code == 2
    missing = runner.invoke(cli, ["feedback", "ingest", str(tmp_path / "no.csv"), "--store", store])
    assert missing.exit_code == 1
    assert "does not exist" in missing.stderr
    assert "Traceback" not in missing.output
