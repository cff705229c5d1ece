"""chDB, the ClickHouse comparator of the analytics benchmark, answers as ours does on a small
simulated log where the semantics agree (windowFunnel on microseconds; transitions; variants)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import analytics_data, analytics_tasks, chdb_tasks

pytest.importorskip("chdb")

STEPS = list(analytics_data.SHOP_FUNNEL)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("chdb") / "sim.duckdb"
    analytics_data.build_simulated(rows=3000, store=str(path))
    return str(path)


def _ours(store: str, analysis: str) -> object:
    return analytics_tasks.ours(store, analysis, STEPS, "7d", None)["digest"]


@pytest.mark.slow
def test_chdb_agrees_with_ours_where_the_semantics_agree(store: str) -> None:
    funnel = chdb_tasks.chdb_funnel_micros(store, STEPS, "7d")["digest"]
    assert funnel == _ours(store, "funnel")
    assert funnel[0] > funnel[-1] > 0  # a funnel that narrows, not an empty one
    edges = chdb_tasks.chdb_transitions(store)["digest"]
    assert edges == _ours(store, "transitions")
    assert len(edges) > 10
    assert chdb_tasks.chdb_variants(store)["digest"] == _ours(store, "variants")
    assert Path(chdb_tasks.export_path(store)).exists()  # exported once, reused


@pytest.mark.slow
def test_whole_seconds_count_at_least_the_persons_of_microseconds(store: str) -> None:
    # whole seconds only widen the window and the order within a second: never fewer persons
    seconds = chdb_tasks.chdb_funnel(store, STEPS, "7d")["digest"]
    micros = chdb_tasks.chdb_funnel_micros(store, STEPS, "7d")["digest"]
    assert seconds[0] == micros[0]
    assert all(s >= m for s, m in zip(seconds, micros, strict=True))


def test_the_funnel_sql_reads_the_window_in_the_clock_unit() -> None:
    assert "windowFunnel(60)(toDateTime(timestamp), event = 'a', event = 'b''s')" not in (
        chdb_tasks.funnel_sql(["a", "b's"], 60)
    )
    assert "windowFunnel(60)(toDateTime(timestamp), event = 'a', event = 'b\\'s')" in (
        chdb_tasks.funnel_sql(["a", "b's"], 60)
    )
    assert "windowFunnel(60000000)(toUInt64(" in chdb_tasks.funnel_sql(["a"], 60, "microsecond")
