"""`journeymap diff`: design and number changes between two map files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.model import MapError, parse_map
from journeymap.report.diff_maps import diff_maps
from journeymap.report.diff_text import diff_lines
from journeymap.report.map_versions import load_map_version

runner = CliRunner()

OLD = """\
journeymap: 1
id: shop
title: Shop
goal: Sell seeds
personas:
  - {id: marina, name: Marina}
  - {id: oleg, name: Oleg}
stages:
  - id: interest
    name: Interest
    touchpoints: [catalog]
    emotions: {marina: 1, oleg: 0}
    barriers:
      - {id: no-advice, text: No regional advice, severity: high}
      - {id: slow-site, text: Slow site}
    kpis:
      - {id: view-to-cart, name: View to cart, target: 0.12, measure: "conversion(catalog -> cart)"}
  - id: purchase
    name: Purchase
    touchpoints: [cart]
    emotions: {marina: -1}
  - id: support
    name: Support
touchpoints:
  - {id: catalog, name: Catalog}
  - {id: cart, name: Cart}
  - {id: phone, name: Phone line}
"""

NEW = """\
journeymap: 1
id: shop
title: Shop
goal: Sell more seeds
personas:
  - {id: marina, name: Marina}
stages:
  - id: purchase
    name: Checkout
    touchpoints: [cart]
    emotions: {marina: -2}
    barriers:
      - {id: slow-site, text: Slow site}
  - id: interest
    name: Interest
    touchpoints: [catalog]
    emotions: {marina: 1}
    barriers:
      - {id: no-advice, text: No regional advice, severity: critical}
    kpis:
      - id: view-to-cart
        name: View to cart
        target: 0.15
        measure: "conversion(catalog -> cart)"
        measured: {value: 0.1, at: 2026-01-01, persons: 50}
      - {id: cart-size, name: Cart size}
touchpoints:
  - {id: catalog, name: Catalog}
  - {id: cart, name: Cart, channel: web}
  - {id: email, name: E-mail}
"""


@pytest.fixture
def maps(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def _find(changes: list[dict[str, object]], **match: object) -> list[dict[str, object]]:
    return [c for c in changes if all(c.get(k) == v for k, v in match.items())]


def test_diff_names_every_kind_of_change() -> None:
    diff = diff_maps(parse_map(OLD).model, parse_map(NEW).model)
    changes = [c.as_dict() for c in diff.changes]
    assert _find(changes, kind="changed", entity="map")[0]["fields"] == [
        {"field": "goal", "old": "Sell seeds", "new": "Sell more seeds"}
    ]
    assert _find(changes, kind="removed", entity="persona", id="oleg")
    assert _find(changes, kind="removed", entity="stage", id="support")
    assert _find(changes, kind="renamed", entity="stage", id="purchase")
    assert _find(changes, kind="reordered", entity="stage")[0]["new"] == ["purchase", "interest"]
    assert _find(changes, kind="added", entity="touchpoint", id="email")
    assert _find(changes, kind="removed", entity="touchpoint", id="phone")
    assert _find(changes, kind="changed", entity="touchpoint", id="cart")[0]["fields"] == [
        {"field": "channel", "old": None, "new": "web"}
    ]
    moved = _find(changes, entity="barrier", id="slow-site")[0]
    assert moved["fields"] == [{"field": "stage", "old": "interest", "new": "purchase"}]
    severity = _find(changes, entity="barrier", id="no-advice")[0]
    assert severity["fields"] == [{"field": "severity", "old": "high", "new": "critical"}]
    assert _find(changes, kind="added", entity="kpi", id="cart-size")
    target = _find(changes, kind="target", id="view-to-cart")[0]
    assert (target["old"], target["new"]) == (0.12, 0.15)
    measured = _find(changes, kind="measured", id="view-to-cart")[0]
    assert measured["old"] is None
    assert measured["new"] == {"value": 0.1, "at": "2026-01-01", "persons": 50}
    emotions = {
        (c["stage"], c["persona"]): (c["old"], c["new"]) for c in _find(changes, kind="emotion")
    }
    assert emotions == {("purchase", "marina"): (-1, -2), ("interest", "oleg"): (0, None)}


def test_identical_maps_have_no_changes() -> None:
    diff = diff_maps(parse_map(OLD).model, parse_map(OLD).model)
    assert diff.empty
    assert diff_lines(diff) == ["no differences between old and new"]


def test_text_lines_mark_additions_removals_and_fields() -> None:
    lines = diff_lines(diff_maps(parse_map(OLD).model, parse_map(NEW).model))
    assert "+ Touchpoint email added: 'E-mail'" in lines
    assert "- Stage support removed: 'Support'" in lines
    assert "~ Stage purchase: name Purchase → Checkout" in lines
    assert "~ Barrier no-advice (stage interest): severity high → critical" in lines
    assert "♥ Emotion of marina at stage purchase: -1 → -2" in lines
    assert "◎ KPI view-to-cart (stage interest) target: 0.12 → 0.15" in lines


def test_cli_text_and_json(maps: tuple[Path, Path]) -> None:
    old, new = maps
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert "Stage support removed" in result.output
    result = runner.invoke(app, ["diff", str(old), str(new), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["counts"]["added"] == 2
    assert data["old"] == str(old)


def test_cli_bad_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["diff", str(tmp_path / "nope.yaml"), str(tmp_path / "x.yaml")])
    assert result.exit_code == 1
    assert "file not found" in result.output
    assert "Traceback" not in result.output


def test_git_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "map.yaml").write_text(OLD, encoding="utf-8")
    git("add", "map.yaml")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "old")
    (tmp_path / "map.yaml").write_text(NEW, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_map_version("git:HEAD:map.yaml").goal == "Sell seeds"
    diff = diff_maps(load_map_version("git:HEAD:map.yaml"), load_map_version("map.yaml"))
    assert not diff.empty
    with pytest.raises(MapError, match=r"git:HEAD:missing\.yaml"):
        load_map_version("git:HEAD:missing.yaml")
    with pytest.raises(MapError, match="git:REV:PATH"):
        load_map_version("git:HEAD")
