"""`journeymap report --timings`: where the time went, on stderr, in the user's language; the
query clock counts and times a backend's queries and leaves the backend as it found it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import ibis
import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.i18n import use_language
from journeymap.report.timings import ReportClock, ReportTimings
from journeymap.store import Store
from journeymap.store.query_clock import timed_queries
from tests.report.test_report_segments import MAP, _events

runner = CliRunner()


def test_the_clock_times_queries_and_restores_the_backend() -> None:
    backend = ibis.duckdb.connect()
    table = backend.create_table("t", ibis.memtable({"x": [1, 2, 3]}))
    before = dict(backend.__dict__)
    with timed_queries(backend) as times:
        assert table.x.sum().to_pyarrow().as_py() == 6
        with table.filter(table.x > 1).cache() as cached:
            assert cached.count().execute() == 2
    assert times.queries == 3  # the sum, the cached table, the count
    assert 0 < times.compiling <= times.running
    assert times.engine == pytest.approx(times.running - times.compiling)
    assert dict(backend.__dict__).keys() == before.keys()
    assert table.x.max().execute() == 3


def test_timings_add_up_and_read_in_russian() -> None:
    clock = ReportClock()
    with clock.analysing(ibis.duckdb.connect()):
        pass
    with clock.rendering_phase():
        pass
    timings = clock.timings()
    assert timings.total == pytest.approx(
        timings.building + timings.compiling + timings.engine + timings.rendering
    )
    line = ReportTimings(7, 1.0, 0.5, 0.25, 0.125).describe()
    assert "1.88 s in all" in line
    assert "(7 queries)" in line
    with use_language("ru"):
        assert "компил" in ReportTimings(7, 1.0, 0.5, 0.25, 0.125).describe()


def test_report_timings_on_stderr_keep_json_clean(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path / 'store.duckdb'}"
    with Store.open(url) as store:
        store.backend.insert("events", _events())
    map_file = tmp_path / "map.yaml"
    map_file.write_text(MAP, encoding="utf-8")
    result = runner.invoke(app, ["report", str(map_file), "--store", url, "--json", "--timings"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stages"]["persons_first_stage"] == 60
    found = re.search(
        r"timings: ([\d.]+) s in all; Python \(building queries, working on their results\) "
        r"([\d.]+) s, compiling queries to SQL ([\d.]+) s, engine ([\d.]+) s \((\d+) queries\), "
        r"rendering ([\d.]+) s",
        result.stderr,
    )
    assert found, result.stderr
    assert int(found[5]) > 5
    assert float(found[3]) > 0
