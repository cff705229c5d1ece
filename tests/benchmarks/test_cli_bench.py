"""The command line start-up benchmark runs end to end and compares against its floor."""

from __future__ import annotations

from benchmarks.__main__ import benchmark_names

from benchmarks import bench_cli


def test_one_round_times_every_command_against_the_floor() -> None:
    assert "cli" in benchmark_names()
    report = bench_cli.run([1])
    column = {name: i for i, name in enumerate(report.columns)}
    commands = [row[column["command"]] for row in report.rows]
    assert commands == list(bench_cli.COMMANDS)
    floor = report.rows[0]
    assert floor[column["x floor"]] == 1.0
    for row in report.rows:
        assert row[column["runs"]] == 1
        assert row[column["median s"]] > 0
        assert row[column["cpu s"]] > 0
    targets = [row[column["target"]] for row in report.rows if row[column["target"]]]
    assert len(targets) == 2
    assert all(t.startswith("<= 2x: ") for t in targets)
    assert "## cli: start-up" in report.render()
