"""The living-map report over a small event log: numbers, Sankey, HTML in Chromium, CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import ibis
import pytest
from typer.testing import CliRunner

from journeymap.analytics.stages import stage_metrics
from journeymap.cli.app import app
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model import load_document, parse_map
from journeymap.report.build import build_report
from journeymap.report.html import render_report_html
from journeymap.store import Store
from tests.conftest import dataset

if TYPE_CHECKING:
    from playwright.sync_api import Browser

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]

MAP = """\
journeymap: 1
id: tiny-shop  # comment kept by --update-map
title: Tiny shop
language: en
personas: [{id: ann, name: Ann}]
stages:
  - id: browse
    name: Browse
    touchpoints: [catalog]
    emotions: {ann: 1}
    kpis:
      - {id: browse-to-buy, name: Browse to buy, target: 0.5,
         measure: "conversion(catalog -> paid)"}
  - id: cart
    name: Cart
    touchpoints: [basket]
    emotions: {ann: -1}
  - id: buy
    name: Buy
    touchpoints: [paid]
    emotions: {ann: 2}
touchpoints:
  - {id: catalog, name: Catalog, bindings: [{event: Product Viewed}]}
  - {id: basket, name: Basket, bindings: [{event: Product Added}]}
  - {id: paid, name: Payment, bindings: [{event: Order Completed}]}
  - {id: chat, name: Chat, bindings: [{event: Chat Opened}]}
"""

# person -> her events in order (minutes apart)
PATHS = {
    "p1": ["Product Viewed", "Product Added", "Order Completed", "Order Completed"],
    "p2": ["Product Viewed", "Product Added", "Order Completed"],
    "p3": ["Product Viewed", "Product Added"],
    "p4": ["Product Viewed"],
    "p5": ["Product Viewed", "Order Completed"],
    "p6": ["Product Viewed", "Product Added", "Product Viewed"],
}


def _events(simulated: bool = False) -> ibis.Table:
    rows = []
    start = dt.datetime(2026, 3, 1, 10, 0)
    for person, names in PATHS.items():
        for k, name in enumerate(names):
            rows.append(
                {
                    "message_id": f"{person}-{k}",
                    "type": "track",
                    "event": name,
                    "anonymous_id": None,
                    "user_id": person,
                    "person_id": person,
                    "timestamp": start + dt.timedelta(minutes=10 * k),
                    "received_at": start,
                    "channel": "web",
                    "properties": "{}",
                    "context": json.dumps({"simulated": True} if simulated else {}),
                    "traits": "{}",
                    "source": "test",
                }
            )
    return ibis.memtable(rows, schema=EVENTS_SCHEMA)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(f"duckdb://{tmp_path / 'store.duckdb'}")
    opened.backend.insert("events", _events())
    return opened


def test_report_numbers_equal_stage_metrics(store: Store) -> None:
    journey = parse_map(MAP).model
    data = build_report(store, journey)
    expected = stage_metrics(store.events(), journey)
    assert data.stages == expected
    assert [r.persons for r in expected.stages] == [6, 4, 3]
    assert data.flows is not None
    assert data.flows.entered == 6
    for column in data.flows.columns:
        assert sum(column.values()) == 6
    assert data.drift is not None
    assert data.drift.unseen_touchpoints == ["chat"]
    assert data.drift.undesigned_transitions[0] == {
        "from": "browse",
        "to": "buy",
        "persons": 1,
        "share": 1 / 6,
    }
    assert data.repeat_purchase is not None
    assert data.repeat_purchase["repeat_customers"] == 1
    assert data.kpis[0].value == pytest.approx(3 / 6)
    assert not data.simulated


def test_simulated_events_get_the_banner() -> None:
    data = build_report(_events(simulated=True), parse_map(MAP).model)
    assert data.simulated
    assert "SIMULATED DATA" in render_report_html(data)


def test_empty_store_still_renders(tmp_path: Path) -> None:
    with Store.open(f"duckdb://{tmp_path / 'empty.duckdb'}") as empty:
        data = build_report(empty, parse_map(MAP).model)
    assert data.stages is None
    assert "ingest events first" in render_report_html(data)


@pytest.mark.browser
def test_report_in_chromium(store: Store, browser: Browser, tmp_path: Path) -> None:
    journey = parse_map(MAP).model
    page_file = tmp_path / "report.html"
    page_file.write_text(render_report_html(build_report(store, journey)), encoding="utf-8")
    expected = stage_metrics(store.events(), journey)
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route(
        "**/*",
        lambda route: (
            route.abort() if not route.request.url.startswith("file:") else route.continue_()
        ),
    )
    page.goto(page_file.as_uri())
    assert errors == []
    for row in expected.stages:
        reach = page.locator(f'tr[data-row="reach"] td[data-stage="{row.stage}"]')
        assert reach.get_attribute("data-persons") == str(row.persons)
        assert reach.inner_text().strip() == f"{row.persons:,}"
        conversion = page.locator(f'tr[data-row="conversion"] td[data-stage="{row.stage}"]')
        assert conversion.inner_text().strip() != ""
    nodes = page.locator("svg.jm-sankey rect.node")
    by_column: dict[str, int] = {}
    for k in range(nodes.count()):
        node = nodes.nth(k)
        column = str(node.get_attribute("data-column"))
        by_column[column] = by_column.get(column, 0) + int(str(node.get_attribute("data-persons")))
    assert by_column
    assert set(by_column.values()) == {expected.persons_first_stage}
    assert page.locator("svg.jm-sankey").get_attribute("data-entered") == "6"
    page.close()


def test_cli_report_json_html_and_update_map(store: Store, tmp_path: Path) -> None:
    store.close()
    map_file = tmp_path / "map.yaml"
    map_file.write_text(MAP, encoding="utf-8")
    url = f"duckdb://{tmp_path / 'store.duckdb'}"
    result = runner.invoke(app, ["report", str(map_file), "--store", url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["stages"]["stages"][0]["persons"] == 6
    out = tmp_path / "out" / "report.html"
    args = ["report", str(map_file), "--store", url, "-o", str(out), "--update-map", "--reviewed"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    updated = load_document(map_file)
    assert "# comment kept by --update-map" in map_file.read_text(encoding="utf-8")
    kpi = updated.model.stages[0].kpis[0]
    assert kpi.measured is not None
    assert kpi.measured.value == pytest.approx(0.5)
    assert kpi.measured.persons == 6
    assert updated.model.reviewed is not None
    snapshots = list((tmp_path / ".journeymap" / "snapshots" / "tiny-shop").glob("*.json"))
    assert snapshots


def test_cli_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    map_file = tmp_path / "map.yaml"
    map_file.write_text(MAP, encoding="utf-8")
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    result = runner.invoke(app, ["report", str(map_file), "--store", url, "--from", "yesterday"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
    result = runner.invoke(app, ["report", str(map_file), "--store", url, "--segment", "web"])
    assert result.exit_code == 2


def test_bpi_example_validates_and_lints() -> None:
    folder = REPO / "examples" / "bpi-loan"
    for command in (["validate"], ["lint"]):
        result = runner.invoke(app, [*command, str(folder / "maps" / "loan.en.yaml")])
        assert result.exit_code == 0, result.output


@pytest.mark.data
@pytest.mark.slow
def test_bpi_report_on_the_real_log(real_data: Path, tmp_path: Path) -> None:
    log = dataset(real_data, "pm4py-eventlogs", "bpic2012.xes.gz")
    url = f"duckdb://{tmp_path / 'bpi.duckdb'}"
    result = runner.invoke(app, ["ingest", str(log), "--store", url, "--source", "bpic2012"])
    assert result.exit_code == 0, result.output
    journey = load_document(REPO / "examples" / "bpi-loan" / "maps" / "loan.en.yaml").model
    with Store.open(url) as opened:
        data = build_report(opened, journey)
    assert data.facts["persons"] == 13087
    assert data.stages is not None
    assert [r.persons for r in data.stages.stages] == [13087, 7367, 5015, 2246]
    assert data.drift is not None
    assert data.drift.unseen_touchpoints == []
    assert "13,087" in render_report_html(data)
