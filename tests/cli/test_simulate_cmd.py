"""`journeymap simulate`: files written, JSON summary, clear errors with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner, Result

from journeymap.cli.app import app

MAPS = Path(__file__).resolve().parents[1] / "simulate" / "maps"
runner = CliRunner()


def _simulate(*args: str) -> Result:
    result = runner.invoke(app, ["simulate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def test_writes_jsonl_and_says_it_is_simulated(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    result = _simulate(str(MAPS / "shop.yaml"), "--customers", "40", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "simulated data" in result.stdout
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines
    assert all(json.loads(line)["context"]["simulated"] for line in lines)


def test_json_summary_and_parquet(tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    result = _simulate(
        str(MAPS / "funnel.yaml"),
        "-n",
        "30",
        "-o",
        str(out),
        "--seed",
        "4",
        "--start",
        "2026-02-01",
        "--days",
        "10",
        "--json",
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["simulated"] is True
    assert summary["source"] == "simulated:sim-funnel"
    assert (summary["start"], summary["end"], summary["seed"]) == ("2026-02-01", "2026-02-11", 4)
    assert summary["events"] == pq.read_metadata(out).num_rows
    assert summary["customers"] == 30


def test_format_option_overrides_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "events.data"
    result = _simulate(str(MAPS / "funnel.yaml"), "-n", "5", "-o", str(out), "-f", "parquet")
    assert result.exit_code == 0, result.output
    assert pq.read_metadata(out).num_rows > 0


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = _simulate(str(MAPS / "funnel.yaml"), "-o", str(tmp_path / "x"), "--format", "csv")
    assert result.exit_code == 2
    assert "unknown format 'csv'" in result.stderr


def test_invalid_simulation_block_names_file_and_line(tmp_path: Path) -> None:
    text = (MAPS / "funnel.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("identify: purchase", "identify: checkout"), encoding="utf-8")
    line = next(n for n, row in enumerate(broken.read_text().splitlines(), 1) if "identify:" in row)
    result = _simulate(str(broken), "-o", str(tmp_path / "x.jsonl"))
    assert result.exit_code == 1
    assert f"{broken}:{line}:" in result.stderr
    assert "stage 'checkout' is not defined" in result.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_missing_map_is_a_clear_error(tmp_path: Path) -> None:
    result = _simulate(str(tmp_path / "none.yaml"), "-o", str(tmp_path / "x.jsonl"))
    assert result.exit_code == 1
    assert "file not found" in result.stderr


def test_a_workspace_catalog_names_the_products(tmp_path: Path) -> None:
    import shutil

    workspace = tmp_path / "shop"
    shutil.copytree(Path(__file__).resolve().parents[2] / "examples" / "seed-shop", workspace)
    map_file = str(workspace / "maps" / "seed-shop.en.yaml")
    out = tmp_path / "events.jsonl"
    result = _simulate(map_file, "-n", "60", "-o", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["catalog_items"] > 20
    assert '"product_id":"sku-' not in out.read_text(encoding="utf-8")
    synthetic = _simulate(map_file, "-n", "60", "-o", str(out), "--no-catalog", "--json")
    assert json.loads(synthetic.output)["catalog_items"] == 0
    assert '"product_id":"sku-' in out.read_text(encoding="utf-8")
    catalog = workspace / "content" / "catalog.yaml"
    catalog.write_text("items:\n  - id: x\n    type: gadget\n    title: X\n", encoding="utf-8")
    broken = _simulate(map_file, "-n", "60", "-o", str(out))
    assert broken.exit_code == 1
    assert "catalog.yaml:3:5 type" in broken.output
