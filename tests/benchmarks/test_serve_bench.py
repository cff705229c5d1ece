"""The serving benchmark runs end to end on a few users of ml-latest-small."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import bench_serve


@pytest.mark.slow
@pytest.mark.data
def test_tiny_run_times_both_paths(real_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYMAP_DATA", str(real_data))
    report = bench_serve.run([20])
    column = {name: i for i, name in enumerate(report.columns)}
    paths = [row[column["path"]] for row in report.rows]
    assert paths == ["serve (precomputed)", "blend recommend_one"]
    for row in report.rows:
        assert 0 < row[column["p50 ms"]] <= row[column["p99 ms"]]
    assert report.rows[1][column["speed-up"]] == "1.0x"
