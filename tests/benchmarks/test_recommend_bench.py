"""The recommender benchmark runs end to end on a few users of ml-latest-small."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import bench_recommend, recommend_tasks


def test_grids_expand_to_every_combination() -> None:
    points = recommend_tasks._grid({"a": [1, 2], "b": ["x", "y", "z"]})
    assert len(points) == 6
    assert {"a": 2, "b": "z"} in points


@pytest.mark.slow
@pytest.mark.data
def test_tiny_run_measures_every_model(real_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYMAP_DATA", str(real_data))
    report = bench_recommend.run([30])
    column = {name: i for i, name in enumerate(report.columns)}
    models = [row[column["model"]] for row in report.rows]
    assert set(models) == {"popularity", *bench_recommend.TUNED, "blend"}
    for row in report.rows:
        assert 0.0 <= float(row[column["NDCG@10"]]) <= 1.0
        assert row[column["peak MB"]] > 0
    als = next(row for row in report.rows if row[column["model"]] == "implicit ALS")
    assert als[column["vs ALS"]] == "1.000"
