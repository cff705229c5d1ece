"""One number per fact on the report: events bound once, one repeat-purchase computation,
no barrier derived from a stage the bindings cannot measure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ibis
import pytest
from typer.testing import CliRunner

import journeymap.analytics.bind as bind_module
import journeymap.analytics.stage_pass as stage_pass_module
from journeymap.analytics.repeat_counts import RepeatBy
from journeymap.cli.app import app
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model import parse_map
from journeymap.report.build import build_report
from journeymap.report.formatting import format_percent
from journeymap.report.html import render_report_html
from journeymap.store import Store
from tests.report.test_report_build import MAP
from tests.report.test_report_feedback import store as feedback_store

__all__ = ["feedback_store"]
runner = CliRunner()


def test_the_report_binds_events_to_the_map_once(
    feedback_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    original = bind_module.touchpoint_index

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(bind_module, "touchpoint_index", counting)
    monkeypatch.setattr(stage_pass_module, "touchpoint_index", counting)
    data = build_report(feedback_store, parse_map(MAP).model)
    assert data.feedback is not None  # survey answers were linked through the bound table
    assert data.kpis
    assert data.stages is not None
    assert len(calls) == 1


REPEAT_MAP = """\
journeymap: 1
id: reorder
title: Reorder
language: en
stages:
  - id: browse
    name: Browse
    touchpoints: [catalog]
  - id: buy
    name: Buy
    touchpoints: [paid]
    kpis:
      - {id: order-again, name: Buyers who order again, target: 0.5, unit: share,
         measure: "repeat_rate(Order Completed)"}
touchpoints:
  - {id: catalog, name: Catalog, bindings: [{event: Product Viewed}]}
  - {id: paid, name: Payment, bindings: [{event: Order Completed}]}
"""
DAY = dt.datetime(2026, 3, 2, 9)
# An order-line export: "lines" has one order of two rows, "again" two lines and a later order.
ORDER_ROWS = {
    "lines": [DAY, DAY + dt.timedelta(minutes=1)],
    "again": [DAY, DAY + dt.timedelta(seconds=30), DAY + dt.timedelta(days=12)],
    "once": [DAY + dt.timedelta(days=1)],
}


def _order_rows() -> ibis.Table:
    rows = []
    for person, times in ORDER_ROWS.items():
        names = [("Product Viewed", DAY - dt.timedelta(hours=1))]
        names += [("Order Completed", at) for at in times]
        for k, (name, at) in enumerate(names):
            rows.append(
                {
                    "message_id": f"{person}-{k}",
                    "type": "track",
                    "event": name,
                    "anonymous_id": None,
                    "user_id": person,
                    "person_id": person,
                    "timestamp": at,
                    "received_at": at,
                    "channel": "web",
                    "properties": "{}",
                    "context": "{}",
                    "traits": "{}",
                    "source": "test",
                }
            )
    return ibis.memtable(rows, schema=EVENTS_SCHEMA)


@pytest.mark.parametrize(("repeat_by", "rate"), [("orders", 2 / 3), ("days", 1 / 3)])
def test_repeat_section_and_repeat_kpi_show_one_number(repeat_by: RepeatBy, rate: float) -> None:
    data = build_report(_order_rows(), parse_map(REPEAT_MAP).model, repeat_by=repeat_by)
    section = data.repeat_purchase
    assert section is not None
    (kpi,) = data.kpis
    assert section["repeat_rate"] == pytest.approx(rate)
    assert kpi.value == pytest.approx(section["repeat_rate"])
    assert section["kpis"] == ["order-again"]
    assert section["counted_by"] == repeat_by
    assert data.as_dict()["repeat_by"] == repeat_by
    html = render_report_html(data)
    repeat_html = html[html.index('<section class="jm-repeat">') :]
    repeat_html = repeat_html[: repeat_html.index("</section>")]
    assert "median time between purchases" in repeat_html
    assert "time in stage" not in repeat_html
    assert f"({format_percent(rate, 'en')})" in repeat_html
    assert "Buyers who order again" in repeat_html


def test_cli_report_refuses_an_unknown_repeat_unit(tmp_path: Path) -> None:
    map_file = tmp_path / "map.yaml"
    map_file.write_text(REPEAT_MAP, encoding="utf-8")
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    result = runner.invoke(app, ["report", str(map_file), "--store", url, "--repeat-by", "rows"])
    assert result.exit_code == 2
    assert "orders or days" in result.output
