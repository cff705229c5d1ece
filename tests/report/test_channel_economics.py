"""The report's channel economics section: the figures of `roi`, in HTML (RU, EN) and XLSX."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pyarrow as pa
import pytest
from openpyxl import load_workbook

from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model import parse_map
from journeymap.report.build import build_report
from journeymap.report.html import render_report_html
from journeymap.report.xlsx import render_report_xlsx
from journeymap.store import Store
from journeymap.store.costs_table import write_costs
from tests.analytics.conftest import events_frame
from tests.cli.test_costs_roi_cmd import EVENTS

pytestmark = pytest.mark.filterwarnings(
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning"
)
MAP = """\
journeymap: 1
id: ads
title: Ads
language: en
stages:
  - id: buy
    name: Buy
    touchpoints: [paid]
    kpis:
      - {id: romi-yandex, name: ROMI Yandex, measure: romi(yandex), unit: "%", target: 50}
      - {id: drr-vk, name: DRR VK, measure: drr(vk), direction: decrease, target: 0.2}
touchpoints:
  - {id: paid, name: Payment, bindings: [{event: Order Completed}]}
"""
COSTS = [
    {"day": dt.date(2026, 11, 1), "platform": "yandex-direct", "channel": "yandex",
     "cost": 8000.0, "currency": "RUB"},
    {"day": dt.date(2026, 11, 2), "platform": "vk-ads", "channel": "vk", "cost": 500.0,
     "currency": "RUB"},
]  # fmt: skip


def open_store(tmp_path: Path, costs: bool) -> Store:
    store = Store.open(f"duckdb://{tmp_path / 'store.duckdb'}")
    frame = events_frame(EVENTS)
    store.backend.insert(
        "events",
        pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False),
    )
    if costs:
        write_costs(store, [{**dict.fromkeys(("campaign", "campaign_id", "ad_group", "source",
                    "medium", "impressions", "clicks")), **row} for row in COSTS])  # fmt: skip
    return store


def test_section_kpis_html_and_xlsx_show_the_same_figures(tmp_path: Path) -> None:
    journey = parse_map(MAP).model
    with open_store(tmp_path, costs=True) as store:
        data = build_report(store, journey)
    section = data.channel_economics
    assert section is not None
    yandex, vk = section.result.row("yandex"), section.result.row("vk")
    # One order each, one channel each: independent arithmetic of the fixture.
    assert (yandex.spend, yandex.revenue, yandex.orders) == (8000.0, 20000.0, 1.0)
    assert yandex.romi == pytest.approx((20000 - 8000) / 8000)
    assert vk.cac == pytest.approx(500.0)
    kpis = {k.kpi: k for k in data.kpis}
    assert kpis["romi-yandex"].value == pytest.approx(150.0)
    assert kpis["romi-yandex"].status == "met"
    assert kpis["drr-vk"].value == pytest.approx(500 / 1000)
    assert kpis["drr-vk"].status == "not met"
    assert data.as_dict()["channel_economics"]["model"] == "linear"
    russian = render_report_html(data, language="ru")
    assert 'class="jm-economics"' in russian
    assert "Экономика каналов" in russian
    assert "ДРР" in russian
    assert 'data-channel="yandex"' in russian
    english = render_report_html(data, language="en")
    assert "Channel economics (linear, 2026-11-01 – 2026-11-02, RUB)" in english
    book = load_workbook(io.BytesIO(render_report_xlsx(data, language="en")))
    sheet = book["Channel economics"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["yandex"][1] == 8000.0
    assert rows["yandex"][8] == pytest.approx(1.5)


def test_without_costs_the_section_is_left_out_with_a_note(tmp_path: Path) -> None:
    journey = parse_map(MAP).model
    with open_store(tmp_path, costs=False) as store:
        data = build_report(store, journey)
    assert data.channel_economics is None
    assert any("no ad costs" in note for note in data.notes)
    assert {k.status for k in data.kpis} == {"no data"}
    assert 'class="jm-economics"' not in render_report_html(data)
