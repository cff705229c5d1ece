"""Comparing two KPI snapshots: changes, direction-aware verdicts, old snapshots, CLI shapes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.model import parse_map
from journeymap.report.build import build_report
from journeymap.report.diff_snapshots import (
    SnapshotError,
    diff_snapshots,
    is_snapshot_file,
    read_snapshot,
)
from journeymap.report.snapshots import save_snapshot, snapshot_folder
from tests.report.test_report_build import MAP, _events

runner = CliRunner()


def _snapshot(path: Path, at: str, kpis: dict[str, Any], stages: dict[str, Any] | None) -> Path:
    data: dict[str, Any] = {"map": "shop", "at": at, "segment": None, "kpis": kpis}
    if stages is not None:
        data["stages"] = stages
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _kpi(value: float | None, target: float, direction: str) -> dict[str, Any]:
    return {
        "value": value,
        "persons": 100,
        "name": "K",
        "stage": "buy",
        "unit": None,
        "measure": "m",
        "target": target,
        "direction": direction,
        "status": "met",
    }


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old = _snapshot(
        tmp_path / "old.json",
        "2026-03-01T10:00:00+00:00",
        {
            "conversion": _kpi(0.4, 0.5, "increase"),
            "wait": _kpi(3.0, 2.0, "decrease"),
            "gone": _kpi(1.0, 1.0, "increase"),
        },
        {"buy": {"name": "Buy", "persons": 200, "conversion_to_next": 0.5, "median_seconds": 60}},
    )
    new = _snapshot(
        tmp_path / "new.json",
        "2026-03-08T10:00:00+00:00",
        {
            "conversion": _kpi(0.6, 0.5, "increase"),
            "wait": _kpi(4.5, 2.0, "decrease"),
            "fresh": _kpi(7.0, 5.0, "increase"),
        },
        {"buy": {"name": "Buy", "persons": 150, "conversion_to_next": 0.5, "median_seconds": 30}},
    )
    return old, new


def test_changes_and_verdicts_follow_the_direction(pair: tuple[Path, Path]) -> None:
    diff = diff_snapshots(read_snapshot(pair[0]), read_snapshot(pair[1]))
    by_id = {change.kpi: change for change in diff.kpis}
    assert list(by_id) == ["conversion", "wait", "fresh", "gone"]
    conversion = by_id["conversion"]
    assert conversion.number.change == pytest.approx(0.2)
    assert conversion.number.relative == pytest.approx(0.5)
    assert (conversion.met_before, conversion.met_after) == (False, True)
    assert conversion.number.verdict == "better"
    wait = by_id["wait"]  # a KPI to decrease that went up is worse
    assert wait.number.change == pytest.approx(1.5)
    assert wait.number.verdict == "worse"
    assert (wait.met_before, wait.met_after) == (False, False)
    assert by_id["fresh"].number.old is None
    assert by_id["fresh"].number.verdict is None
    assert by_id["gone"].number.new is None
    stage = diff.stages[0].numbers
    assert stage["persons"].change == -50
    assert stage["persons"].verdict == "worse"
    assert stage["conversion_to_next"].verdict == "same"
    assert stage["median_seconds"].verdict == "better"  # less time in stage
    assert stage["median_seconds"].relative == pytest.approx(-0.5)


def test_old_snapshots_without_targets_take_them_from_the_map(tmp_path: Path) -> None:
    journey = parse_map(MAP).model
    old = _snapshot(tmp_path / "a.json", "1", {"browse-to-buy": {"value": 0.6, "persons": 6}}, None)
    new = _snapshot(tmp_path / "b.json", "2", {"browse-to-buy": 0.4}, None)
    bare = diff_snapshots(read_snapshot(old), read_snapshot(new))
    assert bare.kpis[0].number.verdict is None
    assert bare.kpis[0].met_after is None
    assert bare.stages == []
    known = diff_snapshots(read_snapshot(old), read_snapshot(new), journey=journey).kpis[0]
    assert known.target == 0.5
    assert known.number.verdict == "worse"
    assert (known.met_before, known.met_after) == (True, False)


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", "not JSON"), ("[1, 2]", "not a KPI snapshot"), ('{"kpis": {"k": "x"}}', "k")],
)
def test_malformed_snapshot_is_an_error(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(SnapshotError, match=message):
        read_snapshot(bad)
    with pytest.raises(SnapshotError, match="no such snapshot"):
        read_snapshot(tmp_path / "missing.json")


def test_snapshot_detection(pair: tuple[Path, Path], tmp_path: Path) -> None:
    assert is_snapshot_file(str(pair[0]))
    renamed = tmp_path / "snapshot.txt"
    renamed.write_text(pair[0].read_text(encoding="utf-8"), encoding="utf-8")
    assert is_snapshot_file(str(renamed))
    map_file = tmp_path / "map.yaml"
    map_file.write_text(MAP, encoding="utf-8")
    assert not is_snapshot_file(str(map_file))
    assert not is_snapshot_file("git:HEAD:maps/shop.yaml")


def test_cli_json_and_text(pair: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["diff", str(pair[0]), str(pair[1]), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    first = data["kpis"][0]
    assert first["kpi"] == "conversion"
    assert first["verdict"] == "better"
    assert first["change"] == pytest.approx(0.2)
    assert data["stages"][0]["persons"]["new"] == 150
    result = runner.invoke(app, ["diff", str(pair[0]), str(pair[1])])
    assert result.exit_code == 0, result.output
    assert "better" in result.output
    assert "worse" in result.output
    assert "+20.0 pp" in result.output
    assert "+50.0%" in result.output


def test_cli_errors(pair: tuple[Path, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["diff", str(pair[0]), str(bad)])
    assert result.exit_code == 1
    assert "not JSON" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["diff", str(pair[0]), str(tmp_path / "none.json")])
    assert result.exit_code == 1
    assert "no such snapshot" in result.output
    assert runner.invoke(app, ["diff", str(pair[0])]).exit_code == 2
    both = ["diff", str(pair[0]), str(pair[1]), "--snapshots", "map.yaml"]
    assert runner.invoke(app, both).exit_code == 2


def test_cli_last_two_snapshots_of_a_workspace(tmp_path: Path) -> None:
    map_file = tmp_path / "map.yaml"
    map_file.write_text(MAP, encoding="utf-8")
    journey = parse_map(MAP).model
    folder = snapshot_folder(tmp_path, journey.id)
    events = _events()
    runs = [
        (events.filter(events.person_id != "p1"), dt.datetime(2026, 3, 1, tzinfo=dt.UTC)),
        (events, dt.datetime(2026, 3, 2, tzinfo=dt.UTC)),
    ]
    result = runner.invoke(app, ["diff", "--snapshots", str(map_file)])
    assert result.exit_code == 1
    assert "two are needed" in result.output
    for table, now in runs:
        data = build_report(table, journey, segments_by=[], now=now)
        save_snapshot(folder, journey.id, data.generated_at, data.kpis, None, stages=data.stages)
    (folder / "zz-damaged.json").write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["diff", "--snapshots", str(map_file), "--json"])
    assert result.exit_code == 0, result.output
    diff = json.loads(result.output)
    assert diff["old"]["at"].startswith("2026-03-01")
    assert diff["new"]["at"].startswith("2026-03-02")
    kpi = diff["kpis"][0]
    assert kpi["kpi"] == "browse-to-buy"
    assert kpi["old"] == pytest.approx(2 / 5)
    assert kpi["new"] == pytest.approx(3 / 6)
    assert kpi["verdict"] == "better"
    assert (kpi["met_before"], kpi["met_after"]) == (False, True)
    reach = {row["stage"]: row["persons"] for row in diff["stages"]}
    assert reach["browse"]["old"] == 5
    assert reach["browse"]["new"] == 6
    result = runner.invoke(app, ["diff", "--snapshots", str(map_file)])
    assert result.exit_code == 0, result.output
    assert "Stages" in result.output
