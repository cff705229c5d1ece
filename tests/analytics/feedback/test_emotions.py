"""Measured emotions: the documented mapping, weights, intervals and the designed emotion."""

from __future__ import annotations

import math
from typing import Any

import ibis
import numpy as np
import pytest
from scipy import stats

from journeymap.analytics.feedback.emotions import measured_emotions, to_emotion_scale
from journeymap.analytics.feedback.from_events import feedback_from_events
from journeymap.analytics.feedback.sentiment import analyze
from tests.analytics.conftest import events_frame
from tests.analytics.feedback.journeys import shop

NPS = [10, 9, 3, 8, 10, 0]
CSAT = [5, 4, 4, 2]
TEXTS = ["Great choice of seeds", "The catalog is confusing, terrible search"]


def answers() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for i, score in enumerate(NPS):
        props = {"score": score, "kind": "nps", "touchpoint": "catalog", "segment": "marina"}
        rows.append({"person_id": f"n{i}", "properties": props})
    for i, score in enumerate(CSAT):
        props = {"score": score, "kind": "csat", "stage": "choice", "segment": "marina"}
        rows.append({"person_id": f"c{i}", "properties": props})
    for i, text in enumerate(TEXTS):
        props = {"text": text, "touchpoint": "catalog", "segment": "oleg"}
        rows.append({"person_id": f"t{i}", "properties": props})
    return [{**row, "event": "Survey Answered", "timestamp": "2025-01-01 10:00"} for row in rows]


def test_measured_next_to_designed() -> None:
    # DuckDB only: the aggregations underneath are the score tests', which run on both engines.
    events = ibis.memtable(events_frame(answers()))
    points = measured_emotions(feedback_from_events(events), shop())
    by_group = {(p.stage, p.persona_or_segment): p for p in points}
    assert list(by_group) == [("choice", "marina"), ("choice", "oleg"), ("choice", None)]

    marina = by_group["choice", "marina"]
    nps = np.array([100.0 if s >= 9 else -100.0 if s <= 6 else 0.0 for s in NPS])
    csat = np.array(CSAT, dtype=float)
    nps_point, csat_point = nps.mean() / 50, csat.mean() - 3
    expected = (nps_point * len(NPS) + csat_point * len(CSAT)) / (len(NPS) + len(CSAT))
    assert marina.measured == pytest.approx(expected)
    se_nps = nps.std(ddof=0) / math.sqrt(len(NPS)) / 50
    se_csat = csat.std(ddof=1) / math.sqrt(len(CSAT))
    se = math.sqrt((len(NPS) * se_nps) ** 2 + (len(CSAT) * se_csat) ** 2) / (len(NPS) + len(CSAT))
    z = stats.norm.ppf(0.975)
    assert marina.low == pytest.approx(max(-2, expected - z * se))
    assert marina.high == pytest.approx(min(2, expected + z * se))
    assert marina.designed == 1.0
    assert marina.answers == len(NPS) + len(CSAT)
    assert marina.gap == pytest.approx(expected - 1)

    oleg = by_group["choice", "oleg"]
    sentiments = [analyze(t).score for t in TEXTS]
    assert oleg.measured == pytest.approx(2 * float(np.mean(sentiments)))
    assert (oleg.designed, oleg.answers) == (0.0, 2)

    everyone = by_group["choice", None]
    assert everyone.designed == pytest.approx(0.5)
    assert everyone.answers == len(NPS) + len(CSAT) + len(TEXTS)


def test_scale_mapping_endpoints() -> None:
    assert [to_emotion_scale("nps", v) for v in (-100, 0, 100)] == [-2, 0, 2]
    assert [to_emotion_scale("csat", v) for v in (1, 3, 5)] == [-2, 0, 2]
    assert [to_emotion_scale("ces", v) for v in (1, 4, 7)] == [-2, 0, 2]
    assert [to_emotion_scale("sentiment", v) for v in (-1, 0, 1)] == [-2, 0, 2]
    with pytest.raises(ValueError, match="no emotion mapping"):
        to_emotion_scale("mood", 1)
