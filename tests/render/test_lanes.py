from __future__ import annotations

import pytest

from journeymap.model import JourneyMap
from journeymap.render.emotion_curve import layout_curve, persona_colours
from journeymap.render.labels import LABELS, check_language, label_language, labels_for
from journeymap.render.lanes import (
    LANE_GROUPS,
    LANE_KEYS,
    build_lanes,
    format_quantity,
    format_score,
    item_text,
    score_tone,
)


def test_both_languages_label_the_same_words() -> None:
    assert set(LABELS["en"]) == set(LABELS["ru"])
    assert all(LABELS["ru"][key] for key in LABELS["ru"])
    assert set(LANE_KEYS) <= set(LABELS["en"])
    assert set(LANE_GROUPS) == set(LANE_KEYS)


def test_label_language_falls_back_to_english_and_explicit_languages_are_checked() -> None:
    assert label_language("ru") == "ru"
    assert label_language("de") == "en"
    assert label_language(None) == "en"
    assert labels_for("ru")["barriers"] == "Барьеры"
    with pytest.raises(ValueError, match="en, ru"):
        check_language("de")


def test_full_map_has_every_lane_in_drawing_order(full_map: JourneyMap) -> None:
    lanes = build_lanes(full_map)
    assert [lane.key for lane in lanes] == list(LANE_KEYS)
    assert all(len(lane.cells) == len(full_map.stages) for lane in lanes)


def test_lanes_without_content_are_left_out(sketch_map: JourneyMap) -> None:
    keys = {lane.key for lane in build_lanes(sketch_map)}
    assert {"customer_goals", "actions", "touchpoints", "barriers", "solutions", "kpis"} <= keys
    assert keys.isdisjoint({"thoughts", "frontstage", "backstage", "support_processes"})


def test_items_carry_their_facts(full_map: JourneyMap) -> None:
    lanes = {lane.key: lane for lane in build_lanes(full_map)}
    en = labels_for("en")
    barrier = lanes["barriers"].cells[2][0]
    assert barrier.tone == "severity-critical"
    assert item_text(barrier, en).startswith(
        "Shipping cost appears only at checkout (Severity: critical"
    )
    solution = lanes["solutions"].cells[2][0]
    assert "Owner: Anna Petrova" in item_text(solution, en)
    assert "Priority: 37.5" in item_text(solution, en)
    assert "in progress" in item_text(solution, en)
    touchpoint = lanes["touchpoints"].cells[2][1]
    assert item_text(touchpoint, en) == "Call centre (offline; Channel: phone; Department: support)"
    kpis = [item_text(k, en) for k in lanes["kpis"].cells[2]]
    assert kpis[1].startswith("Time to pay (Target: 120 seconds; lower is better")
    emotions = lanes["emotions"].cells[0]
    assert [(e.ref, e.score) for e in emotions] == [("marina", 1), ("oleg", 0)]


def test_quantities_and_scores_read_naturally() -> None:
    assert format_quantity(0.12, None) == "12%"
    assert format_quantity(45, "%") == "45%"
    assert format_quantity(120, "seconds") == "120 seconds"
    assert format_quantity(3, None) == "3"
    assert [format_score(s) for s in (-2, 0, 2)] == ["-2", "0", "+2"]
    assert [score_tone(s) for s in (-1, 0, 1)] == ["score-neg1", "score-0", "score-pos1"]


def test_curve_has_one_series_per_persona_aligned_with_stage_centres(full_map: JourneyMap) -> None:
    curve = layout_curve(full_map, column_width=100, height=200, margin=20)
    assert [s.persona_id for s in curve.series] == ["marina", "oleg"]
    assert curve.stage_x == (50, 150, 250, 350)
    marina = curve.series[0]
    assert [p.score for p in marina.points] == [1, -1, -2, 2]
    # -2 is at the bottom of the scale, +2 at the top.
    assert marina.points[2].y == 180
    assert marina.points[3].y == 20
    assert marina.path.startswith("M 50.0 ")
    assert marina.path.count("C ") == 3
    assert len(set(persona_colours(full_map).values())) == 2


def test_a_russian_map_writes_priorities_with_a_decimal_comma() -> None:
    from journeymap.model import load_map
    from journeymap.templates import get_template

    journey = load_map(str(get_template("seed-shop").map_resource("ru")))
    facts = [
        fact
        for lane in build_lanes(journey)
        for cell in lane.cells
        for item in cell
        for fact in item.facts
        if fact.key == "priority"
    ]
    assert facts
    assert all("." not in fact.value for fact in facts)
    assert any("," in fact.value for fact in facts)
