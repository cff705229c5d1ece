"""The analytics benchmark runs end to end on a tiny simulated log and its comparators agree."""

from __future__ import annotations

import pytest

from benchmarks import bench_analytics


@pytest.mark.slow
def test_tiny_run_measures_every_analysis_and_the_answers_agree() -> None:
    report = bench_analytics.run([3000])
    analyses = [row[2] for row in report.rows]
    assert set(analyses) == set(bench_analytics.ANALYSES)
    assert not [note for note in report.notes if "error" in note or "failed" in note]
    compared = [row for row in report.rows if row[9]]
    assert {row[9] for row in compared} >= {"pm4py discover_dfg", "pandas merge_asof"}
    assert all(row[-1] == "yes" for row in compared)
    assert all(isinstance(row[3], float) and row[3] > 0 for row in report.rows)


def test_a_timed_out_child_is_reported_not_raised() -> None:
    result = bench_analytics.measure("benchmarks.harness:probe", 0.001)
    assert result == {"error": "timed out after 0 s"}


def test_a_failing_child_is_reported_not_raised() -> None:
    result = bench_analytics.measure(
        "benchmarks.analytics_tasks:floor", 60, store="/nonexistent/store.duckdb"
    )
    assert result["error"].startswith("failed (exit 1)")
