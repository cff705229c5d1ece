from __future__ import annotations

import pytest

from journeymap.analytics.kpi import evaluate_kpis
from journeymap.analytics.kpi_expr import KPIExpressionError, parse_measure
from journeymap.analytics.steps import Step
from journeymap.model.journey import JourneyMap
from tests.analytics.conftest import MakeEvents
from tests.analytics.test_stages import SHOP, SHOP_EVENTS

KPIS = [
    {"id": "view-to-cart", "name": "View to cart", "target": 0.5,
     "measure": "conversion(catalog -> cart)"},
    {"id": "orders", "name": "Orders", "target": 2, "measure": "count(Order Completed)"},
    {"id": "buyers", "name": "Buyers", "measure": "persons(checkout)"},
    {"id": "reach", "name": "Reach", "target": 50, "unit": "%", "measure": "rate(stage:interest)"},
    {"id": "repeat", "name": "Repeat", "measure": "repeat_rate(Product Viewed)"},
    {"id": "time", "name": "Time to cart", "target": 10, "unit": "minutes",
     "direction": "decrease", "measure": "median_time(interest -> purchase)"},
    {"id": "slow", "name": "Slow", "measure": "p90_time(catalog -> cart)"},
    {"id": "typo", "name": "Typo", "measure": "conversion(catalog -> Order Complete)"},
    {"id": "broken", "name": "Broken", "measure": "conversion(catalog cart"},
]  # fmt: skip


def with_kpis() -> JourneyMap:
    data = SHOP.model_dump(mode="json", exclude_none=True)
    data["stages"][0]["kpis"] = KPIS
    return JourneyMap.model_validate(data)


def test_parse_measure_resolves_names_and_reports_errors_with_the_kpi_id() -> None:
    measure = parse_measure("Conversion( catalog -> stage:after )", SHOP, "k")
    assert measure.function == "conversion"
    assert measure.operands == (Step("touchpoint", "catalog"), Step("stage", "after"))
    assert parse_measure("count(Signed In)", SHOP).operands == (Step("event", "Signed In"),)
    for text, problem in [
        ("conversion(catalog)", "two operands"),
        ("median(catalog -> cart)", "unknown function 'median'"),
        ("count(a -> b)", "one operand"),
        ("count()", "empty"),
        ("count(stage:nowhere)", "no stage 'nowhere'"),
        ("catalog -> cart", "expected function"),
    ]:
        with pytest.raises(KPIExpressionError, match=problem) as caught:
            parse_measure(text, SHOP, "my-kpi")
        assert str(caught.value).startswith("KPI my-kpi: cannot read measure")


def test_evaluate_kpis(make_events: MakeEvents) -> None:
    results = {r.kpi: r for r in evaluate_kpis(make_events(SHOP_EVENTS), with_kpis())}
    # catalog persons a, b, c; cart after the first catalog view: a only (c's cart came first)
    assert results["view-to-cart"].value == pytest.approx(1 / 3)
    assert (results["view-to-cart"].status, results["view-to-cart"].persons) == ("not met", 3)
    assert (results["orders"].value, results["orders"].status) == (1.0, "not met")
    assert (results["buyers"].value, results["buyers"].status) == (1.0, "no target")
    # 3 of 4 persons reached interest, in percent
    assert results["reach"].value == pytest.approx(75.0)
    assert results["reach"].status == "met"
    # Product Viewed twice or more: a and b of a, b, c
    assert results["repeat"].value == pytest.approx(2 / 3)
    # interest -> purchase: a 10 min; c's purchase came before interest
    assert results["time"].value == pytest.approx(10.0)
    assert results["time"].status == "met"
    assert results["slow"].value == pytest.approx(600.0)
    assert results["typo"].status == "error"
    assert "closest: Order Completed" in str(results["typo"].message)
    assert results["broken"].status == "error"
    assert "KPI broken" in str(results["broken"].message)
