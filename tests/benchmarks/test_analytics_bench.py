"""The analytics benchmark runs end to end on a tiny simulated log and its comparators agree."""

from __future__ import annotations

import pytest

from benchmarks import analytics_data, analytics_tasks, bench_analytics


@pytest.mark.slow
def test_tiny_run_measures_every_analysis_and_the_answers_agree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # chDB's own short test (test_chdb_bench) checks it on the same kind of log; leaving its
    # four children out here keeps the suite's time down
    monkeypatch.setenv(bench_analytics.COMPARATORS_ENV, "pm4py, pandas")
    report = bench_analytics.run([3000])
    column = {name: i for i, name in enumerate(report.columns)}
    analyses = [row[column["analysis"]] for row in report.rows]
    assert set(analyses) == set(bench_analytics.ANALYSES)
    assert not [note for note in report.notes if "error" in note or "failed" in note]
    compared = [row for row in report.rows if row[column["comparator"]]]
    assert {row[column["comparator"]] for row in compared} >= {
        "pm4py discover_dfg",
        "pm4py cut + get_variants",
        "pandas merge_asof",
    }
    # windowFunnel on whole seconds is the one comparator whose semantics differ (chdb_tasks)
    inexact = {"chDB windowFunnel (s)"}
    assert all(
        row[column["same"]] == "yes" for row in compared if row[column["comparator"]] not in inexact
    )
    assert all(row[column["runs"]] == 1 for row in report.rows)
    seconds = [row[column["ours s"]] for row in report.rows]
    assert all(isinstance(value, float) and value > 0 for value in seconds)
    reads = {row[column["analysis"]]: row[column["floor reads"]] for row in report.rows}
    # the seed-shop map binds on types, channels, properties and context; stage conversion
    # breaks same-instant ties by `seq`
    assert reads["stages"] == "+ anonymous_id, channel, context, properties, seq, type, user_id"
    assert reads["transitions"] == "common"


def test_the_floor_reads_what_the_analysis_reads() -> None:
    assert analytics_tasks.floor_columns("variants", None) == []
    loan = str(analytics_data.LOAN_MAP)  # binds event names only
    assert analytics_tasks.floor_columns("stages", loan) == ["anonymous_id", "channel", "user_id"]


def test_repeated_runs_report_medians_and_the_highest_peak() -> None:
    runs = [
        {"seconds": 3.0, "task_cpu": 5.0, "peak_mb": 100.0, "digest": [1]},
        {"seconds": 1.0, "task_cpu": 2.0, "peak_mb": 300.0, "digest": [1]},
        {"seconds": 2.0, "task_cpu": 9.0, "peak_mb": 200.0, "digest": [1]},
    ]
    assert bench_analytics.median_run(runs) == {
        "seconds": 2.0,
        "task_cpu": 5.0,
        "peak_mb": 300.0,
        "digest": [1],
    }
    failed = {"error": "timed out after 9 s"}
    assert bench_analytics.median_run([*runs, failed]) == failed


def test_ratios_are_paired_by_round() -> None:
    ours = [{"seconds": 1.0}, {"seconds": 2.0}]
    theirs = [{"seconds": 4.0}, {"seconds": 5.0}]
    # 1/4 and 2/5, not the ratio of the medians (1.5/4.5)
    assert bench_analytics._paired_ratios(ours, theirs) == "0.25-0.40"


def test_a_timed_out_child_is_reported_not_raised() -> None:
    result = bench_analytics.measure("benchmarks.harness:probe", 0.001)
    assert result == {"error": "timed out after 0 s"}


def test_a_failing_child_is_reported_not_raised() -> None:
    result = bench_analytics.measure(
        "benchmarks.analytics_tasks:floor", 60, store="/nonexistent/store.duckdb"
    )
    assert result["error"].startswith("failed (exit 1)")


def test_a_long_run_can_be_narrowed_to_some_analyses_and_comparators(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert bench_analytics.chosen_analyses() == bench_analytics.ANALYSES
    monkeypatch.setenv(bench_analytics.ANALYSES_ENV, "variants, funnel")
    assert bench_analytics.chosen_analyses() == ("funnel", "variants")
    monkeypatch.setenv(bench_analytics.COMPARATORS_ENV, "pandas")
    assert bench_analytics._comparators("funnel", None) == [("pandas merge_asof", "pandas_funnel")]
    assert bench_analytics._comparators("variants", None) == []
    monkeypatch.setenv(bench_analytics.ANALYSES_ENV, "funnels")
    with pytest.raises(ValueError, match="unknown analyses funnels"):
        bench_analytics.chosen_analyses()
