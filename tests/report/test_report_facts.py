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
from journeymap.model import JourneyMap, parse_map
from journeymap.report.build import build_report
from journeymap.report.formatting import format_percent
from journeymap.report.headline import headline
from journeymap.report.html import render_report_html
from journeymap.report.measurability import shadowed_touchpoints, unmeasured_stages
from journeymap.report.report_labels import REPORT_LABELS
from journeymap.report.segment_cells import segment_cells
from journeymap.report.xlsx import measured_rows, xlsx_labels
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


# As the analyst wrote it: a second purchase cannot be told from a first in a binding, so the
# "Repeat order" touchpoint binds what the purchase touchpoint (listed first) already takes.
SHADOWED_MAP = """\
journeymap: 1
id: reorder-shadowed
title: Reorder
language: en
stages:
  - id: browse
    name: Browse
    touchpoints: [catalog]
  - id: purchase
    name: Purchase
    touchpoints: [order]
  - id: repeat
    name: Repeat order
    touchpoints: [repeat-order, order]
    barriers:
      - {id: forgets, text: Forgets the shop, severity: high, touchpoint: repeat-order}
    kpis:
      - {id: order-again, name: buyers who order again, target: 0.5, unit: share,
         measure: "repeat_rate(Order Completed)"}
touchpoints:
  - {id: catalog, name: Catalog, bindings: [{event: Product Viewed}]}
  - {id: order, name: Order, bindings: [{event: Order Completed}]}
  - {id: repeat-order, name: Second order,
     bindings: [{event: Order Completed, properties: {repeat: true}}]}
"""


def test_a_stage_its_bindings_cannot_reach_shows_no_number_and_no_barrier() -> None:
    data = build_report(_order_rows(), parse_map(SHADOWED_MAP).model, segments_by=["channel"])
    assert set(data.unmeasured) == {"repeat"}
    assert "repeat-order" in data.unmeasured["repeat"]
    assert "order" in data.unmeasured["repeat"]
    assert data.stages is not None
    purchase = data.stages.stage("purchase")
    assert purchase.persons == 3
    assert purchase.conversion_to_next is None
    assert purchase.drop_off is None
    assert not [b for b in data.suggested_barriers if b.stage in {"purchase", "repeat"}]
    (designed,) = data.barriers
    assert designed.persons_affected is None
    (kpi,) = data.kpis
    assert data.repeat_purchase is not None
    assert kpi.value == pytest.approx(2 / 3)
    assert data.repeat_purchase["repeat_rate"] == pytest.approx(kpi.value)
    assert any("Repeat order is not measured" in note for note in data.notes)
    assert headline(data).weakest_stage is None or headline(data).weakest_stage.stage == "browse"
    assert data.as_dict()["unmeasured_stages"] == data.unmeasured
    html = render_report_html(data)
    assert "do not reach" not in html
    assert 'data-unmeasured="true"' in html
    assert "not measured" in html
    labels = {**REPORT_LABELS["en"], **xlsx_labels("en")}
    measured = dict(measured_rows(data, labels))
    assert measured[labels["reach"]] == [3, 3, None]
    (web,) = data.segmentations[0].values
    assert [s.conversion_to_next for s in web.stages] == [1.0, None, None]
    cells = segment_cells(data.segmentations, "en", data.unmeasured)["channel"]["web"]
    assert (cells["purchase"]["reach"], cells["repeat"]["reach"]) == ("3", "–")
    assert cells["purchase"]["conversion"] == "–"


def test_a_measurable_stage_still_gets_its_drop_off_barrier() -> None:
    # the same log with a repeat touchpoint that matches events of its own
    journey = parse_map(SHADOWED_MAP.replace("properties: {repeat: true}", "channel: web")).model
    journey = journey.model_copy(
        update={"touchpoints": [journey.touchpoints[0], *journey.touchpoints[:0:-1]]}
    )
    data = build_report(_order_rows(), journey, segments_by=[])
    assert data.unmeasured == {}
    assert data.stages is not None
    assert data.stages.stage("purchase").persons == 0  # every order is a `repeat-order` now
    assert data.stages.stage("repeat").persons == 3


@pytest.mark.parametrize(
    ("earlier", "later", "shadowed"),
    [
        ({"event": "Order Completed"}, {"event": "Order Completed", "channel": "web"}, True),
        ({"event": "Order Completed", "channel": "web"}, {"event": "Order Completed"}, False),
        (
            {"event": "Order Completed", "properties": {"n": {"gte": 2}}},
            {"event": "Order Completed", "properties": {"n": {"gte": 2}, "shop": "a"}},
            True,
        ),
        (
            {"event": "Order Completed", "properties": {"n": {"gte": 2}}},
            {"event": "Order Completed", "properties": {"n": {"gte": 3}}},
            False,
        ),
        ({"event": "Order Completed"}, {"event": "Order Placed"}, False),
    ],
)
def test_a_touchpoint_is_shadowed_when_an_earlier_binding_covers_each_of_its_own(
    earlier: dict[str, Any], later: dict[str, Any], shadowed: bool
) -> None:
    journey = JourneyMap.model_validate(
        {
            "journeymap": 1,
            "id": "m",
            "title": "M",
            "stages": [
                {"id": "a", "name": "A", "touchpoints": ["first"]},
                {"id": "b", "name": "B", "touchpoints": ["second"]},
            ],
            "touchpoints": [
                {"id": "first", "name": "First", "bindings": [earlier]},
                {"id": "third", "name": "Third", "bindings": [later]},
                {"id": "second", "name": "Second", "bindings": [later, {"event": "Other"}]},
            ],
        }
    )
    assert ("third" in shadowed_touchpoints(journey)) is shadowed
    assert "second" not in shadowed_touchpoints(journey)  # its `Other` binding is its own
    assert unmeasured_stages(journey) == {}


def test_designed_evidence_reads_as_the_maps_claim_next_to_the_measured_rate() -> None:
    text = REPEAT_MAP.replace(
        "    kpis:\n",
        "    barriers:\n"
        "      - id: forgets\n"
        "        text: Forgets the shop\n"
        "        severity: high\n"
        "        evidence:\n"
        "          - {source: analytics, note: Only 18% of buyers reorder, sample_size: 5200}\n"
        "    kpis:\n",
    )
    data = build_report(_order_rows(), parse_map(text).model)
    (barrier,) = data.barriers
    assert barrier.evidence == [
        "Only 18% of buyers reorder (analytics, n = 5,200, as stated in the map)"
    ]
    assert data.repeat_purchase is not None
    assert data.repeat_purchase["repeat_rate"] == pytest.approx(2 / 3)
