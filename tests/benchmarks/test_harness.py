"""The benchmark harness cannot rot: it runs end to end on tiny sizes."""

from __future__ import annotations

import pytest
from benchmarks.__main__ import benchmark_names, main
from benchmarks.harness import Report, in_child


def test_every_benchmark_is_found() -> None:
    assert {"simulate", "ingest", "collect", "spark"} <= set(benchmark_names())


def test_report_renders_a_markdown_table() -> None:
    report = Report("demo", ["rows", "rows/s"])
    report.add(1_000_000, 123456.7)
    report.notes.append("a note")
    text = report.render()
    assert "| 1,000,000 | 123,457 |" in text
    assert text.startswith("## demo")
    assert "- a note" in text


def test_child_reports_its_own_peak_memory() -> None:
    result = in_child("benchmarks.harness:probe")
    assert result["peak_mb"] > 10


def test_unknown_benchmark_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--only", "nope"])
    assert exit_info.value.code == 2


@pytest.mark.slow
def test_quick_run_on_tiny_sizes_prints_every_table(capsys: pytest.CaptureFixture[str]) -> None:
    # the benchmarks with a short test of their own (analytics, cli, recommend, uplift, load)
    # run there; the Spark and collection ones start a JVM or a server: `make soak` runs them
    only = ["--only", "simulate", "--only", "ingest"]
    assert main(["--quick", "--sizes", "3000", *only]) == 0
    out = capsys.readouterr().out
    assert "## simulate: seed-shop map" in out
    assert "## ingest: simulated seed-shop events into a DuckDB store" in out
    assert "machine:" in out
    for fmt in ("csv", "jsonl", "parquet"):
        assert f" {fmt} |" in out


@pytest.mark.soak
def test_quick_spark_and_collection_runs_print_their_tables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--quick", "--sizes", "3000", "--only", "spark", "--only", "collect"]) == 0
    out = capsys.readouterr().out
    assert "## spark: a PySpark store (local[*]) against a DuckDB store" in out
    assert "## collect:" in out
