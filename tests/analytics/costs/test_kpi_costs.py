"""KPIs `romi`, `cac`, `cpa`, `drr` of a map against pandas, and currencies kept apart.

The simulated workspace of `test_roi` knows each order's channel (one channel per person), so
the linear model credits each channel with exactly its orders and revenue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from journeymap.analytics.costs.currency import CurrencyError, Rates
from journeymap.analytics.costs.kpi_costs import CostSettings
from journeymap.analytics.costs.roi import roi
from journeymap.analytics.kpi import evaluate_kpis
from journeymap.model import JourneyMap
from tests.analytics.conftest import MakeEvents
from tests.analytics.costs.test_roi import (
    CHANNELS,
    DAYS,
    START,
    costs_table,
    pandas_truth,
    simulated_costs,
    simulated_events,
)


def cost_map(measures: dict[str, tuple[str, str | None]]) -> JourneyMap:
    kpis = [
        {"id": kpi_id, "name": kpi_id, "measure": measure, "unit": unit,
         "direction": "increase" if measure.startswith("romi") else "decrease", "target": 1.0}
        for kpi_id, (measure, unit) in measures.items()
    ]  # fmt: skip
    return JourneyMap.model_validate(
        {
            "journeymap": 1, "id": "ads", "title": "Ads", "goal": "Pay back ads",
            "segment": "all", "language": "en",
            "stages": [{"id": "buy", "name": "Buy", "touchpoints": [], "kpis": kpis}],
        }
    )  # fmt: skip


MEASURES = {
    "romi-yandex": ("romi(yandex)", "%"),
    "cac-vk": ("cac(vk)", None),
    "cpa-google": ("cpa(Google)", None),
    "drr-all": ("drr(all)", "%"),
    "romi-campaign": ("romi(campaign:vk-retarget)", None),
}


def test_cost_kpis_match_pandas(make_events: MakeEvents, engine: Any) -> None:
    events, orders = simulated_events(seed=7)
    settings = CostSettings(costs_table(engine, simulated_costs()))
    results = {
        r.kpi: r for r in evaluate_kpis(make_events(events), cost_map(MEASURES), costs=settings)
    }
    truth = pandas_truth(orders, {c: s * DAYS for c, s in CHANNELS.items()})
    paid = truth.loc[list(CHANNELS)]
    assert results["romi-yandex"].value == pytest.approx(100 * truth.loc["yandex", "romi"])
    assert results["cac-vk"].value == pytest.approx(truth.loc["vk", "cac"])
    assert results["cpa-google"].value == pytest.approx(truth.loc["google", "cpo"])
    assert results["drr-all"].value == pytest.approx(
        100 * paid["spend"].sum() / truth["revenue"].sum()
    )
    assert results["romi-campaign"].value == pytest.approx(truth.loc["vk", "romi"])
    assert results["romi-yandex"].status == (
        "met" if results["romi-yandex"].value >= 1.0 else "not met"
    )
    # Reached persons: every buyer of the channel, and the ones it reached who did not buy.
    assert (results["cac-vk"].persons or 0) >= orders.loc[
        orders.channel == "vk", "person"
    ].nunique()


def test_cost_kpis_without_costs_or_channel_say_why(make_events: MakeEvents, engine: Any) -> None:
    if engine.name == "pyspark":
        pytest.skip("messages, not computation: DuckDB is enough")
    events, _ = simulated_events(seed=7)
    table = make_events(events)
    journey = cost_map({"a": ("romi(yandex)", None), "b": ("cac(tiktok)", None)})
    bare = evaluate_kpis(table, journey)
    assert [r.status for r in bare] == ["no data", "no data"]
    assert bare[0].message is not None
    assert "costs import" in bare[0].message
    engine = table._find_backend()
    settings = CostSettings(costs_table(engine, simulated_costs()))
    found = evaluate_kpis(table, journey, costs=settings)
    assert found[0].status in ("met", "not met")
    assert found[1].status == "no data"
    assert found[1].message is not None
    assert "tiktok" in found[1].message


def test_mixed_currencies_are_an_error_naming_them_and_rates_convert(
    make_events: MakeEvents, engine: Any
) -> None:
    if engine.name == "pyspark":
        pytest.skip("the conversion is one expression, run on Spark by the KPI test")
    day = dt.datetime.combine(START, dt.time(10))
    events = [
        {"person_id": "a", "event": "Page Viewed", "timestamp": day,
         "context": {"campaign": {"source": "google"}}},
        {"person_id": "a", "event": "Order Completed", "timestamp": day + dt.timedelta(hours=1),
         "properties": {"revenue": 100, "currency": "usd"}},
        {"person_id": "b", "event": "Page Viewed", "timestamp": day,
         "context": {"campaign": {"source": "yandex"}}},
        {"person_id": "b", "event": "Order Completed", "timestamp": day + dt.timedelta(hours=2),
         "properties": {"revenue": 9000}},
    ]  # fmt: skip
    costs = [
        {"day": START, "platform": "t", "channel": "google", "cost": 20.0, "currency": "EUR"},
        {"day": START, "platform": "t", "channel": "yandex", "cost": 3000.0, "currency": "RUB"},
    ]
    table = make_events(events)
    spend = costs_table(table._find_backend(), costs)
    with pytest.raises(CurrencyError) as raised:
        roi(table, spend, conversion="Order Completed")
    assert raised.value.currencies == ["EUR", "RUB", "USD"]
    assert "EUR, RUB, USD" in str(raised.value)
    with pytest.raises(CurrencyError, match="USD"):
        roi(table, spend, conversion="Order Completed", rates=Rates("RUB", {"EUR": 100.0}))
    rates = Rates("RUB", {"EUR": 100.0, "USD": 90.0})
    result = roi(table, spend, conversion="Order Completed", rates=rates)
    assert result.currency == "RUB"
    google, yandex = result.row("google"), result.row("yandex")
    assert (google.spend, google.revenue) == (pytest.approx(2000.0), pytest.approx(9000.0))
    assert (yandex.spend, yandex.revenue) == (pytest.approx(3000.0), pytest.approx(9000.0))
    journey = cost_map({"k": ("romi(google)", None)})
    [mixed] = evaluate_kpis(table, journey, costs=CostSettings(spend))
    assert mixed.status == "error"
    assert mixed.message is not None
    assert "EUR" in mixed.message
    [converted] = evaluate_kpis(table, journey, costs=CostSettings(spend, rates=rates))
    assert converted.value == pytest.approx((9000.0 - 2000.0) / 2000.0)
