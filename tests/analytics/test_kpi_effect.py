"""KPIs that measure a chain's effect: `effect(CHAIN[, MARKER])` read, checked and evaluated
through a lookup (the numbers of the runner's records are `orchestrate.kpi_effects`')."""

from __future__ import annotations

import pytest

from journeymap.analytics.kpi import evaluate_kpis
from journeymap.analytics.kpi_effect import EffectOperand, MeasuredEffect
from journeymap.analytics.kpi_expr import KPIExpressionError, parse_measure
from journeymap.model.journey import JourneyMap
from journeymap.model.measure_syntax import check_measure_form, measure_operands
from journeymap.model.problems import HintedValueError
from tests.analytics.conftest import MakeEvents
from tests.analytics.test_stages import SHOP, SHOP_EVENTS


def test_effect_measures_are_read_with_their_marker() -> None:
    assert parse_measure("effect(cart-reminder)", SHOP).effect == EffectOperand(
        "cart-reminder", "goal"
    )
    measure = parse_measure("effect( cart-reminder , cart_recovery )", SHOP)
    assert measure.effect == EffectOperand("cart-reminder", "cart_recovery")
    assert str(measure) == "effect(cart-reminder, cart_recovery)"
    assert list(measure_operands("effect(x, nps)")) == [("effect", "chain", "x")]
    check_measure_form("effect(x, trial_completion)")
    for text in ("effect()", "effect(a -> b)", "effect(a, nps, goal)"):
        with pytest.raises(HintedValueError):
            check_measure_form(text)
        with pytest.raises(KPIExpressionError):
            parse_measure(text, SHOP)
    with pytest.raises(HintedValueError) as caught:
        check_measure_form("effect(x, cart_recovry)")
    assert caught.value.hint == "write measure: effect(x, cart_recovery)"


def _journey(kpis: list[dict[str, object]]) -> JourneyMap:
    data = SHOP.model_dump(mode="json", exclude_none=True)
    data["stages"][0]["kpis"] = kpis
    return JourneyMap.model_validate(data)


def test_effect_kpis_get_the_lift_its_interval_and_the_status(make_events: MakeEvents) -> None:
    journey = _journey(
        [
            {"id": "pp", "name": "Lift", "target": 2, "unit": "%",
             "measure": "effect(reminder, cart_recovery)"},
            {"id": "share", "name": "Lift", "target": 0.05, "measure": "effect(reminder)"},
            {"id": "nps", "name": "NPS lift", "target": 0.5, "measure": "effect(reminder, nps)"},
            {"id": "none", "name": "Lift", "target": 0.05, "measure": "effect(gone)"},
        ]
    )  # fmt: skip
    asked: list[EffectOperand] = []

    def lookup(operand: EffectOperand) -> MeasuredEffect:
        asked.append(operand)
        if operand.chain == "gone":
            return MeasuredEffect(None, reason="chain gone is not loaded")
        lift = 0.4 if operand.marker == "nps" else 0.03
        return MeasuredEffect(lift, lift - 0.02, lift + 0.02, persons=120)

    events = make_events(SHOP_EVENTS)
    found = {r.kpi: r for r in evaluate_kpis(events, journey, effects=lookup)}
    assert found["pp"].value == pytest.approx(3.0)  # percentage points with unit: %
    assert (found["pp"].ci_low, found["pp"].ci_high) == (pytest.approx(1.0), pytest.approx(5.0))
    assert (found["pp"].status, found["pp"].persons) == ("met", 120)
    assert found["share"].value == pytest.approx(0.03)
    assert found["share"].status == "not met"
    assert found["nps"].value == pytest.approx(0.4)  # score points: never scaled
    assert found["none"].status == "no data"
    assert found["none"].message == "chain gone is not loaded"
    assert EffectOperand("reminder", "goal") in asked
    without = {r.kpi: r for r in evaluate_kpis(events, journey)}
    assert {r.status for r in without.values()} == {"no data"}
    assert "chain's runs" in str(without["pp"].message)


def test_a_segments_lift_or_why_there_is_none() -> None:
    from journeymap.analytics.kpi_effect import SegmentLift, within_segments

    asked: list[EffectOperand] = []

    def lookup(operand: EffectOperand) -> MeasuredEffect:
        asked.append(operand)
        north = SegmentLift("north", 0.2, 0.1, 0.3, 0.01, 0.02, 40)
        south = SegmentLift("south", None, None, None, None, None, 3)
        return MeasuredEffect(0.1, 0.0, 0.2, 43, segments=(north, south))

    of = within_segments(lookup, "property:region")
    operand = EffectOperand("reminder", "goal", by="channel")
    north = of("north")(operand)
    assert (north.lift, north.ci_low, north.ci_high, north.persons) == (0.2, 0.1, 0.3, 40)
    south = of("south")(operand)
    assert south.lift is None
    assert south.reason is not None
    assert "in segment south" in south.reason
    west = of("west")(operand)
    assert west.reason == "nobody of segment west entered chain reminder"
    assert asked == [EffectOperand("reminder", "goal", by="property:region")]  # measured once
