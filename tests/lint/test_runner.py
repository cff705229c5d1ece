"""lint_document and lint_paths: disabling rules, workspaces, files that do not load."""

from __future__ import annotations

import json
from pathlib import Path

from journeymap.lint import LintSummary, lint_document, lint_paths
from journeymap.model import parse_map
from journeymap.model.workspace import load_workspace
from tests.lint.mapbuilder import TODAY, as_text, codes, drop, edits, lint_text, put

SKETCH = Path(__file__).resolve().parents[1] / "model" / "maps" / "architecture_sketch.yaml"


def test_architecture_sketch_lints_without_errors() -> None:
    [report] = lint_paths([SKETCH])
    assert report.loaded
    assert report.errors == 0, [str(f) for f in report.findings]
    assert report.evidence_coverage is not None
    assert report.evidence_coverage.total > 0


def test_disable_in_the_map_by_code_and_by_name(tmp_path: Path) -> None:
    broken = edits(drop("owner"), drop("touchpoints.0.bindings"))
    assert {"JM105", "JM307"} <= codes(lint_text(tmp_path, as_text(broken)))
    quiet = edits(broken, put("lint", {"disable": ["JM105", "touchpoint-without-binding"]}))
    report = lint_text(tmp_path, as_text(quiet))
    assert report.findings == []


def test_unknown_code_in_the_map_points_at_it_with_did_you_mean(tmp_path: Path) -> None:
    report = lint_text(tmp_path, as_text(put("lint", {"disable": ["JM1O4"]})))
    [finding] = report.findings
    assert finding.code == "JM002"
    assert finding.path == "lint.disable[0]"
    assert finding.line is not None
    assert finding.hint == "did you mean JM104 (map-without-stages)?"


def _workspace(tmp_path: Path, toml: str, maps: dict[str, str]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "journeymap.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "maps").mkdir()
    for name, text in maps.items():
        (tmp_path / "maps" / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_workspace_disable_applies_to_every_map(tmp_path: Path) -> None:
    root = _workspace(
        tmp_path,
        '[lint]\ndisable = ["JM105"]\n',
        {"a.yaml": as_text(drop("owner")), "b.yaml": as_text(edits(drop("owner"), drop("goal")))},
    )
    reports = lint_paths(sorted((root / "maps").iterdir()), today=TODAY)
    assert [codes(r) for r in reports] == [set(), {"JM101"}]


def test_explicit_workspace_is_used(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws", '[lint]\ndisable = ["JM105"]\n', {})
    elsewhere = tmp_path / "map.yaml"
    elsewhere.write_text(as_text(drop("owner")), encoding="utf-8")
    assert codes(lint_paths([elsewhere], today=TODAY)[0]) == {"JM105"}
    reports = lint_paths([elsewhere], workspace=load_workspace(root), today=TODAY)
    assert codes(reports[0]) == set()


def test_unknown_workspace_code_is_reported_once_on_the_config(tmp_path: Path) -> None:
    root = _workspace(
        tmp_path / "ws",
        '[lint]\ndisable = [\n  "JM105",\n  "map-without-goals",\n]\n',
        {"a.yaml": as_text(drop("owner")), "b.yaml": as_text()},
    )
    reports = lint_paths(sorted((root / "maps").iterdir()), today=TODAY)
    config, *maps = reports
    assert config.kind == "config"
    assert config.file == str(root / "journeymap.toml")
    [finding] = config.findings
    assert (finding.code, finding.line, finding.column) == ("JM002", 4, 4)
    assert finding.hint == "did you mean JM101 (map-without-goal)?"
    assert [codes(r) for r in maps] == [set(), set()]
    assert LintSummary.of(reports).not_loaded == 0


def test_broken_workspace_config_is_a_finding_not_an_exception(tmp_path: Path) -> None:
    root = _workspace(tmp_path, "[lint\n", {"a.yaml": as_text()})
    config, report = lint_paths([root / "maps" / "a.yaml"], today=TODAY)
    assert config.kind == "config"
    assert codes(config) == {"JM000"}
    assert report.findings == []


def test_a_map_that_does_not_load_gives_positioned_jm000(tmp_path: Path) -> None:
    text = as_text().replace("age: 34", "age: [34")
    report = lint_text(tmp_path, text)
    assert not report.loaded
    assert report.evidence_coverage is None
    assert report.errors >= 1
    assert {f.code for f in report.findings} == {"JM000"}
    assert all(f.line is not None and f.column is not None for f in report.findings)


def test_jm000_cannot_be_disabled(tmp_path: Path) -> None:
    root = _workspace(tmp_path, '[lint]\ndisable = ["JM000"]\n', {"a.yaml": "id: [x\n"})
    [report] = lint_paths([root / "maps" / "a.yaml"])
    assert codes(report) == {"JM000"}
    missing = lint_paths([tmp_path / "nope.yaml"])[0]
    assert [f.message for f in missing.findings] == ["file not found"]


def test_lint_document_disabled_option_and_unknown_codes() -> None:
    document = parse_map(as_text(drop("owner")), filename="inline.yaml")
    assert codes(lint_document(document, today=TODAY)) == {"JM105"}
    report = lint_document(document, disabled=["jm105", "JM77"], today=TODAY)
    [finding] = report.findings
    assert finding.code == "JM002"
    assert "JM77" in finding.message
    assert report.file == "<map>"


def test_today_defaults_to_the_real_date() -> None:
    document = parse_map(as_text(put("reviewed", "2001-01-01")))
    assert "JM502" in codes(lint_document(document))


def test_report_as_dict_is_json(tmp_path: Path) -> None:
    report = lint_text(tmp_path, as_text(edits(drop("goal"), drop("personas.0.evidence"))))
    data = json.loads(json.dumps(report.as_dict()))
    assert data["errors"] == 1
    assert data["map_id"] == "seed-shop"
    assert data["evidence_coverage"]["not_backed"] == ["personas[0]"]
    assert data["findings"][0]["code"] == "JM101"
    assert set(data["findings"][0]) == {
        "code",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "path",
        "hint",
    }


def test_offline_touchpoint_without_binding_is_quiet_unless_strict(tmp_path: Path) -> None:
    offline = edits(drop("touchpoints.2.bindings"), put("touchpoints.2.kind", "offline"))
    assert "JM307" not in codes(lint_text(tmp_path, as_text(offline)))
    file = tmp_path / "strict.yaml"
    file.write_text(as_text(offline), encoding="utf-8")
    [report] = lint_paths([file], today=TODAY, strict=True)
    assert [f.path for f in report.findings if f.code == "JM307"] == ["touchpoints[2]"]


def test_placeholder_text_in_english_and_russian(tmp_path: Path) -> None:
    text = as_text(
        edits(
            put("goal", "Replace with one measurable goal"),
            put("stages.0.actions", ["Замените на действие клиента"]),
        )
    )
    report = lint_text(tmp_path, text)
    found = sorted(f.path for f in report.findings if f.code == "JM106")
    assert found == ["goal", "stages[0].actions[0]"]
