"""The uplift benchmark runs end to end on a slice of Hillstrom, ours beside scikit-uplift."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import bench_uplift


@pytest.mark.data
@pytest.mark.slow
def test_tiny_run_puts_ours_beside_scikit_uplift(real_data: Path) -> None:
    pytest.importorskip("sklift")
    assert (real_data / "hillstrom" / "hillstrom.csv").is_file()
    report = bench_uplift.run([6000], estimators=("logistic",), learners=("t-learner",))
    assert not [note for note in report.notes if "failed" in note]
    [row] = report.rows
    column = {name: i for i, name in enumerate(report.columns)}
    assert row[column["units"]] == 6000
    assert row[column["learner"]] == "t-learner / TwoModels"
    assert row[column["metrics agree"]] == "yes"
    # the same base classifier and split: the two T-learners rank alike
    assert float(row[column["ours uplift@30%"]]) == pytest.approx(
        float(row[column["sklift uplift@30%"]]), abs=0.01
    )
