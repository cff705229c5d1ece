"""The report's interventions section: chains named by map solutions with their measured effect."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from journeymap.model import parse_map
from journeymap.orchestrate.effect import ChainEffect, chain_effect
from journeymap.orchestrate.markers import ChainMarkers
from journeymap.report.build import build_report
from journeymap.report.data import ReportData
from journeymap.report.html import render_report_html
from journeymap.report.interventions_section import Intervention, InterventionsSection
from journeymap.report.xlsx import render_report_xlsx
from tests.orchestrate.helpers import load, write_folder
from tests.orchestrate.test_effect import REMINDER, SETTINGS, run_reminder
from tests.report.test_channel_economics import open_store

pytestmark = pytest.mark.filterwarnings(
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning"
)
MAP = """\
journeymap: 1
id: shop
title: Shop
language: en
stages:
  - id: buy
    name: Buy
    touchpoints: [paid]
    opportunities:
      - {text: Welcome series, chain: welcome}
    barriers:
      - id: forgotten
        text: Forgets the cart
        solutions:
          - {text: Cart reminder, chain: cart-reminder}
          - Free delivery
    kpis:
      - {id: lift, name: Reminder lift, target: 0.01, unit: "%", measure: "effect(cart-reminder)"}
      - {id: welcome-lift, name: Welcome lift, measure: "effect(welcome, nps)"}
touchpoints:
  - {id: paid, name: Payment, bindings: [{event: Order Completed}]}
"""
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_linked_chains_get_their_effect_in_data_and_html(tmp_path: Path) -> None:
    journey = parse_map(MAP).model
    automations = load(write_folder(tmp_path / "automations", {"c.yaml": REMINDER}, SETTINGS))
    with open_store(tmp_path, costs=False) as store:
        run_reminder(store, automations, tmp_path)
        expected = chain_effect(store, automations.chains[0], now=NOW)
        data = build_report(store, journey, chains=automations.chains, now=NOW)
    section = data.interventions
    assert section is not None
    rows = {row.chain_id: row for row in section.rows}
    assert set(rows) == {"cart-reminder", "welcome"}
    assert rows["cart-reminder"].effect == expected
    assert rows["cart-reminder"].solution == "Cart reminder"
    assert "Cart reminder (Buy)" in render_report_html(data, language="en")
    assert rows["welcome"].effect is None
    assert rows["welcome"].reason is not None
    assert data.as_dict()["interventions"]["rows"][0]["chain"] in rows

    english = render_report_html(data, language="en")
    assert 'class="jm-interventions"' in english
    assert expected.effect is not None
    assert f"{expected.effect.difference * 100:+.1f}" in english
    assert "Интервенции" in render_report_html(data, language="ru")
    _check_markers(rows["cart-reminder"].markers, expected, english)
    _check_sheet(data, expected)
    _check_effect_kpis(data, expected, english)


def _check_effect_kpis(data: ReportData, expected: ChainEffect, html: str) -> None:
    """`effect(...)` KPIs carry the chain's lift (in pp with `unit: %`) and its interval."""
    import io

    from openpyxl import load_workbook

    assert expected.effect is not None
    kpis = {k.kpi: k for k in data.kpis}
    lift = kpis["lift"]
    assert lift.value == pytest.approx(expected.effect.difference * 100)
    assert lift.ci_low == pytest.approx(expected.effect.ci_low * 100)
    assert lift.status == ("met" if lift.value >= 1 else "not met")
    assert f'data-ci-low="{lift.ci_low}"' in html
    assert kpis["welcome-lift"].status == "no data"
    assert "welcome" in str(kpis["welcome-lift"].message)
    book = load_workbook(io.BytesIO(render_report_xlsx(data, language="en")))
    rows = {row[0]: row for row in book["KPIs"].iter_rows(values_only=True)}
    assert rows["lift"][9:11] == (pytest.approx(lift.ci_low), pytest.approx(lift.ci_high))


def _check_markers(markers: ChainMarkers | None, expected: ChainEffect, html: str) -> None:
    """The entry events carry no products: cart recovery is the goal; no events stored, so no
    second orders and no survey answers."""
    assert markers is not None
    found = {marker.name: marker for marker in markers.markers}
    recovery = found["cart_recovery"]
    assert (recovery.treatment.units, recovery.treatment.successes) == (
        expected.treatment.persons,
        expected.treatment.converted,
    )
    assert recovery.holdout.successes == expected.holdout.converted
    assert found["repeat_purchase"].treatment.successes == 0
    assert found["nps"].treatment.units == 0
    assert found["nps"].effect is None
    assert 'data-marker="cart_recovery"' in html
    assert "Success markers" in html


def _check_sheet(data: ReportData, expected: ChainEffect) -> None:
    """The XLSX export's interventions sheet holds the same numbers (rates as %, lift in pp)."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render_report_xlsx(data, language="en")))
    rows = list(book["Interventions"].iter_rows(values_only=True))
    assert rows[1][:4] == ("Solution", "Stage", "Chain", "Goal")
    by_chain = {row[2]: row for row in rows[2:]}
    cart = by_chain["cart-reminder"]
    assert expected.effect is not None
    assert cart[:4] == ("Cart reminder", "Buy", "cart-reminder", "Order Completed")
    assert cart[4:6] == (expected.treatment.persons, expected.treatment.converted)
    assert cart[7:9] == (expected.holdout.persons, expected.holdout.converted)
    assert cart[9] == pytest.approx(expected.holdout.rate)
    assert cart[10] == pytest.approx(expected.effect.difference * 100)
    assert cart[13] == pytest.approx(expected.effect.p_value)
    assert book["Interventions"].cell(3, 7).number_format == "0.0%"
    assert by_chain["welcome"][14]  # the reason instead of numbers
    marker_rows = {row[1]: row for row in rows if row[0] == "cart-reminder" and row[1]}
    recovery = marker_rows["cart recovery"]
    assert recovery[2] == expected.treatment.persons
    assert recovery[3] == pytest.approx(expected.treatment.rate)
    assert recovery[8] == pytest.approx(expected.effect.difference * 100)
    headings = next(row for row in rows if row[0] == "Chain")
    assert headings[12:15] == ("Before: units", "Before: value", "Before: NPS")
    assert recovery[12] == 0  # no events stored from before the chain started
    russian = load_workbook(io.BytesIO(render_report_xlsx(data, language="ru")))
    assert "Интервенции" in russian.sheetnames


def test_simulated_data_is_labelled_and_no_link_means_no_section(tmp_path: Path) -> None:
    simulated = InterventionsSection(
        rows=[Intervention("x", "Reminder", "buy", None, "no goal")], simulated=True
    )
    assert "(simulated data)" in simulated.html("en")
    assert "(смоделированные данные)" in simulated.html("ru")
    plain = parse_map(
        MAP.replace("chain: welcome", "owner: CRM").replace(", chain: cart-reminder", "")
    ).model
    with open_store(tmp_path, costs=False) as store:
        assert build_report(store, plain).interventions is None
