from __future__ import annotations

from typing import Any

import pytest

from journeymap.analytics.bind import bind_events
from journeymap.analytics.kpi import evaluate_kpis
from journeymap.analytics.kpi_expr import (
    FUNCTIONS,
    PAIR_FUNCTIONS,
    KPIExpressionError,
    parse_measure,
)
from journeymap.analytics.steps import Step
from journeymap.model.journey import JourneyMap
from journeymap.model.measure_syntax import MEASURE_OPERANDS
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
    {"id": "dropped", "name": "Cart abandonment", "measure": "abandonment(catalog -> cart)"},
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
    # 1 - conversion: b and c saw the catalog and reached no cart after it
    assert results["dropped"].value == pytest.approx(2 / 3)
    assert results["dropped"].persons == 3


def test_kpis_over_bound_events_kept_as_a_table_as_over_raw_events(make_events: MakeEvents) -> None:
    """The report passes its cached bound events, which the KPI queries read as they are
    (no second copy): every KPI comes out as over the raw events."""
    data = with_kpis().model_dump(mode="json", exclude_none=True)
    kept = {"view-to-cart", "orders", "repeat", "time"}  # one of each kind of query
    data["stages"][0]["kpis"] = [k for k in data["stages"][0]["kpis"] if k["id"] in kept]
    journey = JourneyMap.model_validate(data)
    raw = make_events(SHOP_EVENTS)
    with bind_events(raw, journey).cache() as bound:
        kept_copy = [r.as_dict() for r in evaluate_kpis(bound, journey)]
    assert kept_copy == [r.as_dict() for r in evaluate_kpis(raw, journey)]
    assert {r["kpi"] for r in kept_copy if r["value"] is not None} == kept


def survey(person: str, minute: int, kind: str, score: int, **about: str) -> dict[str, Any]:
    return {
        "message_id": f"{person}-{kind}-{minute}",
        "person_id": person,
        "event": "Survey Answered",
        "timestamp": f"2025-01-01 10:{minute:02d}:00",
        "properties": {"kind": kind, "score": score, **about},
    }


SURVEYS = [
    survey("a", 1, "nps", 10, touchpoint="checkout"),
    survey("b", 2, "nps", 9, touchpoint="checkout"),
    survey("c", 3, "nps", 3, touchpoint="checkout"),
    survey("d", 4, "nps", 7, touchpoint="checkout"),
    survey("a", 5, "nps", 0, touchpoint="catalog"),  # another touchpoint: not counted
    survey("a", 6, "csat", 5, stage="purchase"),
    survey("b", 7, "csat", 2, touchpoint="cart"),  # cart is a touchpoint of purchase
    survey("c", 8, "ces", 6, touchpoint="cart"),
    survey("d", 9, "ces", 3, touchpoint="cart"),
]
SURVEY_KPIS = [
    {"id": "nps", "name": "NPS", "target": 30, "measure": "nps(checkout)"},
    {"id": "csat", "name": "CSAT", "unit": "%", "measure": "csat(purchase)"},
    {"id": "ces", "name": "CES", "measure": "ces(cart)"},
    {"id": "none", "name": "NPS after", "measure": "nps(after)"},
]  # fmt: skip


def test_survey_measures_of_a_touchpoint_or_stage(make_events: MakeEvents) -> None:
    data = SHOP.model_dump(mode="json", exclude_none=True)
    data["stages"][1]["kpis"] = SURVEY_KPIS
    journey = JourneyMap.model_validate(data)
    results = {r.kpi: r for r in evaluate_kpis(make_events([*SHOP_EVENTS, *SURVEYS]), journey)}
    # checkout: promoters a, b; detractor c; passive d -> (2 - 1) / 4
    assert results["nps"].value == pytest.approx(25.0)
    assert (results["nps"].status, results["nps"].persons) == ("not met", 4)
    # purchase: its own answer (5) and the cart's (2): one of two satisfied, in percent
    assert results["csat"].value == pytest.approx(50.0)
    assert results["ces"].value == pytest.approx(4.5)
    assert (results["none"].value, results["none"].status) == (None, "no data")


def test_survey_measure_of_an_event_is_an_error() -> None:
    with pytest.raises(KPIExpressionError, match="touchpoint or stage id"):
        parse_measure("nps(Order Completed)", SHOP, "k")


def test_every_function_of_the_language_is_checked_by_validate() -> None:
    # A function added to analytics.kpi_expr needs its operand count in model.measure_syntax,
    # else `validate` rejects maps that use it.
    assert set(FUNCTIONS) == set(MEASURE_OPERANDS)
    for function in PAIR_FUNCTIONS:
        assert MEASURE_OPERANDS[function] == 2
