"""The report benchmark's pieces: one timed report in-process (the child's task) on a small
store, and the comparison of two reports' numbers that ignores the order of tied rows and the
last bit of a float."""

from __future__ import annotations

from pathlib import Path

from benchmarks.__main__ import benchmark_names

from benchmarks import bench_report
from journeymap.store import Store
from tests.report.test_report_segments import MAP, _events


def test_one_report_is_timed_part_by_part(tmp_path: Path) -> None:
    assert "report" in benchmark_names()
    url = f"duckdb://{tmp_path / 'store.duckdb'}"
    with Store.open(url) as store:
        store.backend.insert("events", _events())
    map_file = tmp_path / "map.yaml"
    map_file.write_text(MAP, encoding="utf-8")
    result = bench_report.measure(store=url, map_path=str(map_file))
    parts = result["parts"]
    assert result["events"] == 180  # 60 identify calls, 120 tracks
    assert result["segmentations"] == 1
    assert parts["queries"] > 5
    assert 0 < parts["total"] <= result["report"]
    assert len(result["digest"]) == 12


def test_same_numbers_whatever_the_order_of_ties_and_last_bits() -> None:
    one = {"flows": [{"s": "a", "n": 2}, {"s": "b", "n": 2}], "q": 0.5196377643325304}
    two = {"flows": [{"s": "b", "n": 2}, {"s": "a", "n": 2}], "q": 0.5196377643325303}
    assert bench_report._normalized(one) == bench_report._normalized(two)
    three = {"flows": [{"s": "b", "n": 3}, {"s": "a", "n": 2}], "q": 0.5196377643325303}
    assert bench_report._normalized(one) != bench_report._normalized(three)
