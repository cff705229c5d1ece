"""The customer 360 benchmark's serving child runs on a small workspace (the full run is
`python -m benchmarks --only web_360`)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.__main__ import benchmark_names

from benchmarks import bench_web_360
from tests.web.analytics_workspace import make_analytics_workspace


def test_the_360_serving_is_timed(tmp_path: Path) -> None:
    assert "web_360" in benchmark_names()
    root = make_analytics_workspace(tmp_path / "ws")
    serving = bench_web_360.measure_serving(str(root), "u3", rounds=1)
    assert serving["first"] > 0
    assert serving["median"] > 0
    assert bench_web_360.PAGES == ("customer 360 page", "customer 360 JSON")
