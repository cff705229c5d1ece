"""The report's segment switcher: per-segment numbers, JSON, XLSX, and the switch in Chromium."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from journeymap.analytics.segmentation import NO_SEGMENT, OTHER, SegmentBy
from journeymap.analytics.stage_segments import stage_metrics_by_segment
from journeymap.cli.app import app
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model import parse_map
from journeymap.report.build import build_report
from journeymap.report.html import render_report_html
from journeymap.report.segments_section import Segmentation, segmentations
from journeymap.report.xlsx import write_report_xlsx
from journeymap.store import Store

if TYPE_CHECKING:
    from playwright.sync_api import Browser

runner = CliRunner()

MAP = """\
journeymap: 1
id: two-regions
title: Two regions
language: en
personas: [{id: ann, name: Ann}]
stages:
  - {id: browse, name: Browse, touchpoints: [catalog]}
  - {id: cart, name: Cart, touchpoints: [basket]}
  - {id: buy, name: Buy, touchpoints: [paid]}
touchpoints:
  - {id: catalog, name: Catalog, bindings: [{event: Product Viewed}]}
  - {id: basket, name: Basket, bindings: [{event: Product Added}]}
  - {id: paid, name: Payment, bindings: [{event: Order Completed}]}
simulation:
  customers: 10
  traits: {region: {north: 0.5, south: 0.5}}
"""

FULL = ["Product Viewed", "Product Added", "Order Completed"]
# 30 northern persons of whom 27 add to cart; 30 southern of whom 6 do
PERSONS = {
    **{f"n{k}": ("north", FULL if k < 27 else FULL[:1]) for k in range(30)},
    **{f"s{k}": ("south", FULL[:2] if k < 6 else FULL[:1]) for k in range(30)},
}


def _row(
    person: str, k: int, kind: str, event: str | None, traits: dict[str, str]
) -> dict[str, Any]:
    at = dt.datetime(2026, 3, 1, 10, 0) + dt.timedelta(minutes=10 * k + int(person[1:]))
    return {
        "message_id": f"{person}-{k}",
        "type": kind,
        "event": event,
        "anonymous_id": None,
        "user_id": person,
        "person_id": person,
        "timestamp": at,
        "received_at": at,
        "channel": "web" if person.startswith("n") else "mobile",
        "properties": "{}",
        "context": "{}",
        "traits": json.dumps(traits),
        "source": "test",
    }


def _events() -> ibis.Table:
    rows = []
    for person, (region, names) in PERSONS.items():
        rows.append(_row(person, 0, "identify", None, {"region": region}))
        rows += [_row(person, k + 1, "track", name, {}) for k, name in enumerate(names)]
    return ibis.memtable(rows, schema=EVENTS_SCHEMA)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(f"duckdb://{tmp_path / 'store.duckdb'}")
    opened.backend.insert("events", _events())
    return opened


def _region(data_segmentations: list[Segmentation]) -> Segmentation:
    return next(s for s in data_segmentations if s.by == "trait:region")


def test_segment_numbers_equal_stage_metrics_by_segment(store: Store) -> None:
    journey = parse_map(MAP).model
    data = build_report(store, journey)
    region = _region(data.segmentations)
    assert [s.by for s in data.segmentations] == ["trait:region"]  # the simulation's traits
    expected = stage_metrics_by_segment(store.events(), journey, SegmentBy.parse("trait:region"))
    assert [v.value for v in region.values] == ["north", "south"]
    assert [v.persons for v in region.values] == [30, 30]
    for value in region.values:
        rows = expected.metrics[value.value].stages
        for shown, row in zip(value.stages, rows, strict=True):
            assert (shown.stage, shown.persons) == (row.stage, row.persons)
            assert shown.converted_to_next == row.converted_to_next
            assert shown.conversion_to_next == row.conversion_to_next
            assert shown.drop_off == row.drop_off
            assert shown.median_seconds == row.median_seconds
    north, south = region.values
    assert north.stages[0].conversion_to_next == pytest.approx(0.9)
    assert south.stages[0].conversion_to_next == pytest.approx(0.2)
    assert north.stages[0].differs
    assert south.stages[0].differs
    assert (north.stages[0].q_value or 1.0) < 0.05
    assert not north.stages[2].differs  # the last stage has no next stage to test


def test_explicit_segmentations_and_none(store: Store) -> None:
    journey = parse_map(MAP).model
    data = build_report(store, journey, segments_by=["channel"])
    assert [s.by for s in data.segmentations] == ["channel"]
    assert {v.value for v in data.segmentations[0].values} == {"web", "mobile"}
    assert build_report(store, journey, segments_by=[]).segmentations == []
    with pytest.raises(ValueError, match="cannot read segment"):
        build_report(store, journey, segments_by=["region"])


def test_small_values_merge_into_other(store: Store) -> None:
    journey = parse_map(MAP).model
    (capped,) = segmentations(store.events(), journey, ["column:person_id"], top=3)
    assert len(capped.values) == 4
    assert capped.values[-1].value == OTHER
    assert capped.values[-1].persons == len(PERSONS) - 3
    assert len(capped.merged) == len(PERSONS) - 3
    assert sum(v.stages[0].persons for v in capped.values) == len(PERSONS)


def test_persons_without_a_value_come_after_the_named_values() -> None:
    anonymous = [_row(f"a{k}", 1, "track", "Product Viewed", {}) for k in range(35)]
    events = _events().union(ibis.memtable(anonymous, schema=EVENTS_SCHEMA))
    (region,) = segmentations(events, parse_map(MAP).model, ["trait:region"])
    assert [(v.value, v.persons) for v in region.values] == [
        ("north", 30),
        ("south", 30),
        (NO_SEGMENT, 35),
    ]
    assert region.values[2].stages[1].persons == 0
    # persons without a value are left out of the tests, north and south still differ
    assert region.values[2].stages[0].q_value is None
    assert region.values[0].stages[0].differs


def test_json_and_xlsx_carry_the_segments(store: Store, tmp_path: Path) -> None:
    store.close()
    map_file = tmp_path / "map.yaml"
    map_file.write_text(MAP, encoding="utf-8")
    url = f"duckdb://{tmp_path / 'store.duckdb'}"
    args = ["report", str(map_file), "--store", url, "--segments-by", "trait:region"]
    result = runner.invoke(app, [*args, "--segments-by", "channel", "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)["segmentations"]
    assert [s["by"] for s in shown] == ["trait:region", "channel"]
    assert shown[0]["values"][1]["value"] == "south"
    assert shown[0]["values"][1]["stages"][1]["persons"] == 6
    target = tmp_path / "report.xlsx"
    result = runner.invoke(app, [*args, "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    sheet = book["Segments trait region"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    south_cart = next(r for r in rows if r[0] == "south" and r[2] == "cart")
    assert south_cart[3] == 6
    north_browse = next(r for r in rows if r[0] == "north" and r[2] == "browse")
    assert north_browse[5] == pytest.approx(0.9)
    off = runner.invoke(
        app, ["report", str(map_file), "--store", url, "--segments-by", "none", "--json"]
    )
    assert off.exit_code == 0, off.output
    assert json.loads(off.output)["segmentations"] == []
    bad = runner.invoke(app, ["report", str(map_file), "--store", url, "--segments-by", "x"])
    assert bad.exit_code == 2
    assert "cannot read segment" in bad.output


def test_xlsx_without_segments_has_no_segment_sheet(store: Store, tmp_path: Path) -> None:
    data = build_report(store, parse_map(MAP).model, segments_by=[])
    book = load_workbook(write_report_xlsx(data, tmp_path / "r.xlsx"))
    assert not [name for name in book.sheetnames if name.startswith("Segments")]


def test_without_js_a_table_shows_every_segment(store: Store) -> None:
    html = render_report_html(build_report(store, parse_map(MAP).model))
    assert 'class="jm-segment-switch"' in html
    assert 'data-segment-table="trait:region"' in html
    assert "All persons" in html
    russian = render_report_html(build_report(store, parse_map(MAP).model), language="ru")
    assert "Все люди" in russian
    assert "Числа этапов по сегментам" in russian


@pytest.mark.browser
def test_switching_segments_in_chromium(store: Store, browser: Browser, tmp_path: Path) -> None:
    journey = parse_map(MAP).model
    data = build_report(store, journey)
    page_file = tmp_path / "report.html"
    page_file.write_text(render_report_html(data), encoding="utf-8")
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
    cart = page.locator('tr[data-row="reach"] td[data-stage="cart"]')
    conversion = page.locator('tr[data-row="conversion"] td[data-stage="browse"]')
    assert cart.inner_text().strip() == "33"
    page.click('button[data-segment-by="trait:region"][data-segment-value="south"]')
    assert cart.inner_text().strip() == "6"
    assert conversion.inner_text().strip().startswith("20.0%")
    assert "jm-differs" in str(conversion.get_attribute("class"))
    page.click('button[data-segment-by="trait:region"][data-segment-value="north"]')
    assert cart.inner_text().strip() == "27"
    pressed = page.locator('button[data-segment-value="north"]').get_attribute("aria-pressed")
    assert pressed == "true"
    page.click("button[data-segment-all]")
    assert cart.inner_text().strip() == "33"
    assert "jm-differs" not in str(conversion.get_attribute("class"))
    assert errors == []
    page.close()
