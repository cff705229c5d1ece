"""Simulated survey answers: where they come from, their scores, texts and determinism."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from pydantic import ValidationError

from journeymap.model import JourneyMap
from journeymap.model.emotion import Emotion
from journeymap.model.simulation import SimulationSettings, SurveySettings
from journeymap.simulate import check_settings
from journeymap.simulate.survey_phrases import PHRASES
from journeymap.simulate.surveys import SURVEY_EVENT, draw_scores
from tests.simulate.helpers import run, shop


def _with_surveys(surveys: dict[str, SurveySettings], emotions: dict[str, int]) -> JourneyMap:
    journey = shop()
    assert journey.simulation is not None
    stages = [
        stage.model_copy(update={"emotions": {"ann": Emotion(score=emotions[stage.id])}})
        if stage.id in emotions
        else stage
        for stage in journey.stages
    ]
    settings = journey.simulation.model_copy(update={"surveys": surveys})
    return journey.model_copy(update={"simulation": settings, "stages": stages})


def _answers(table: pa.Table) -> list[dict[str, object]]:
    rows = [r for r in table.to_pylist() if r["event"] == SURVEY_EVENT]
    return [{**r, "props": json.loads(r["properties"])} for r in rows]


SURVEYS = {
    "cart": SurveySettings(kind="csat", rate=0.5, texts=0.6),
    "post-purchase": SurveySettings(kind="nps", rate=0.5, texts=0.0),
}


def test_answers_follow_the_designed_emotion_and_are_marked_simulated() -> None:
    journey = _with_surveys(SURVEYS, {"cart": -2, "post-purchase": 2})
    answers = _answers(run(journey, 3000))
    cart = [a["props"] for a in answers if a["props"]["stage"] == "cart"]  # type: ignore[index]
    after = [a["props"] for a in answers if a["props"]["stage"] == "post-purchase"]  # type: ignore[index]
    assert len(cart) > 50
    assert len(after) > 20
    assert all(p["kind"] == "csat" and 1 <= p["score"] <= 5 for p in cart)
    assert all(p["kind"] == "nps" and 0 <= p["score"] <= 10 for p in after)
    assert all(p["simulated"] is True for p in cart + after)
    assert sum(p["score"] for p in cart) / len(cart) < 2.0  # emotion -2 -> mostly 1-2
    promoters = sum(p["score"] >= 9 for p in after) / len(after)
    assert promoters > 0.6  # emotion +2 -> mostly promoters
    texts = [p["text"] for p in cart if "text" in p]
    assert 0.4 < len(texts) / len(cart) < 0.8
    negative = sum(t in PHRASES["en"]["negative"] for t in texts)
    assert negative / len(texts) > 0.8  # the texts match the scores' tone
    assert not any("text" in p for p in after)
    touchpoints = {tp for s in journey.stages if s.id == "cart" for tp in s.touchpoints}
    assert {p["touchpoint"] for p in cart} <= touchpoints


def test_answers_come_after_an_event_of_the_same_person_and_keep_time_order() -> None:
    table = run(_with_surveys(SURVEYS, {}), 1000)
    stamps = table.column("timestamp").to_pylist()
    assert stamps == sorted(stamps)
    rows = table.to_pylist()
    first_seen = {}
    for row in rows:
        first_seen.setdefault(row["anonymous_id"], row["event"])
    assert SURVEY_EVENT not in first_seen.values()
    assert len({r["message_id"] for r in rows}) == len(rows)


def test_same_seed_same_answers_and_other_events_unchanged() -> None:
    plain = run(shop(), 800)
    surveyed = run(_with_surveys(SURVEYS, {}), 800)
    again = run(_with_surveys(SURVEYS, {}), 800)
    assert surveyed.equals(again)
    is_answer = pc.equal(surveyed.column("event"), SURVEY_EVENT)
    without = surveyed.filter(pc.invert(pc.fill_null(is_answer, False)))
    assert without.equals(plain)
    assert surveyed.num_rows > plain.num_rows


def test_scores_are_drawn_on_the_scale_around_the_emotion() -> None:
    rng = np.random.default_rng(1)
    scores, _ = draw_scores("ces", 0.0, 4000, rng)
    assert scores.min() >= 1
    assert scores.max() <= 7
    assert abs(scores.mean() - 4.0) < 0.1


def test_survey_settings_are_validated() -> None:
    with pytest.raises(ValidationError):
        SimulationSettings.model_validate({"surveys": {"cart": {"kind": "stars", "rate": 0.2}}})
    with pytest.raises(ValidationError):
        SimulationSettings.model_validate({"surveys": {"cart": {"rate": 1.5}}})
    journey = _with_surveys({"nowhere": SurveySettings()}, {})
    problems = check_settings(journey)
    assert [p.loc for p in problems] == [("simulation", "surveys", "nowhere")]
