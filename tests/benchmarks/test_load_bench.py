"""The load test's short version: 20,000 events through the official Segment SDK into
`journeymap serve`, undisturbed and with a SIGKILL mid-load and a restart; every acknowledged
event is stored exactly once in both runs."""

from __future__ import annotations

import pytest

from benchmarks import bench_load

pytestmark = pytest.mark.slow
EVENTS = 20_000


def test_every_acknowledged_event_is_stored_once_even_across_sigkill(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bench_load, "COMPARATOR_CAP", 1_000)
    monkeypatch.setattr(bench_load, "TIMEOUT", 120.0)
    report = bench_load.run([EVENTS])
    column = {name: i for i, name in enumerate(report.columns)}
    plain, killed = report.rows
    assert plain[column["run"]] == "undisturbed"
    assert killed[column["run"]].startswith("SIGKILL + restart (at ")
    for row in report.rows:
        assert row[column["acknowledged"]] == EVENTS  # the SDK retried what the kill cut off
        assert (row[column["lost"]], row[column["duplicated"]]) == (0, 0)
        assert row[column["events/s"]] > 0
        assert row[column["executemany events"]] == 1_000
