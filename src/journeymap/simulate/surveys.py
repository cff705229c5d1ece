"""Simulated survey answers: `Survey Answered` events after visits of the surveyed stages.

For each stage named in `simulation.surveys`, a share `rate` of its visits that produced events
ends with an answer one to ten minutes after the visit's last event (dropped when that falls
after the period). The answer carries `kind`, `score`, `stage`, the touchpoint of that last event,
`language` and `simulated: true`, and for a share `texts` of answers a short phrase matching the
score (see `survey_phrases`). Scores are drawn around the stage's designed emotion, as
`SurveySettings` documents. The answers use their own random stream (from the seed), so a map
without `surveys` gets exactly the events it got before.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from journeymap.model.journey import JourneyMap
from journeymap.model.simulation import SurveySettings
from journeymap.simulate.emit import Events
from journeymap.simulate.plan import Plan
from journeymap.simulate.survey_phrases import phrases
from journeymap.simulate.walk import Visits

Array = np.ndarray[Any, Any]
SURVEY_EVENT = "Survey Answered"
STREAM = 0x5E7
"""Mixed into the seed for the survey stream, independent of the walk's."""
DELAY_SECONDS = (60.0, 600.0)
SCALES: dict[str, tuple[float, float, float, float]] = {
    # kind: (centre, step per emotion point, lowest, highest)
    "csat": (3.0, 1.0, 1.0, 5.0),
    "ces": (4.0, 1.5, 1.0, 7.0),
    "nps": (7.5, 1.25, 0.0, 10.0),
}


def designed_emotion(journey: JourneyMap, stage_id: str) -> float:
    """Mean designed emotion of the stage over its personas; 0 when it has none."""
    scores = [e.score for e in journey.stage(stage_id).emotions.values()]
    return sum(scores) / len(scores) if scores else 0.0


def draw_scores(
    kind: str, emotion: float, count: int, rng: np.random.Generator
) -> tuple[Array, Array]:
    """(scores, latent -2..+2) of `count` answers around `emotion` on the scale of `kind`."""
    centre, step, low, high = SCALES[kind]
    latent = np.clip(emotion + rng.standard_normal(count), -2.0, 2.0)
    scores = np.clip(np.round(centre + step * latent), low, high)
    return scores, latent


def tone(latent: float) -> str:
    return "negative" if latent < -0.5 else "positive" if latent > 0.5 else "neutral"


def add_survey_answers(
    table: pa.Table,
    journey: JourneyMap,
    plan: Plan,
    *,
    visits: Visits,
    events: Events,
    horizon: float,
    seed: int,
    prefix: str,
    start_us: int,
) -> pa.Table:
    """`table` (rows in `events` time order) with the survey answers added, sorted by time.

    `start_us` is the period start in microseconds since the epoch (event times count from it).
    """
    surveys = plan.settings.surveys
    if not surveys or events.visit.size == 0:
        return table
    rng = np.random.default_rng([seed, STREAM])
    order = np.argsort(events.time, kind="stable")
    row_of_event = np.empty(order.size, dtype=np.int64)
    row_of_event[order] = np.arange(order.size)
    # The last event of each visit: events are in (visit, time) order, so the last index wins.
    last_event = np.full(visits.stage.size, -1, dtype=np.int64)
    np.maximum.at(last_event, events.visit, np.arange(events.visit.size))
    base_rows: list[Array] = []
    extra: dict[str, list[Any]] = {"time": [], "properties": []}
    for stage_id, survey in surveys.items():
        stage_index = plan.stage_ids.index(stage_id)
        candidates = np.flatnonzero((visits.stage == stage_index) & (last_event >= 0))
        chosen = candidates[rng.random(candidates.size) < survey.rate]
        source_events = last_event[chosen]
        times = events.time[source_events] + rng.uniform(*DELAY_SECONDS, chosen.size)
        keep = times < horizon
        source_events, times = source_events[keep], times[keep]
        base_rows.append(row_of_event[source_events])
        extra["time"].append(times)
        extra["properties"] += _properties(
            journey,
            plan,
            stage_id=stage_id,
            survey=survey,
            kinds=events.kind[source_events],
            rng=rng,
        )
    rows = np.concatenate(base_rows)
    if rows.size == 0:
        return table
    seconds = np.concatenate(extra["time"])
    stamps = start_us + np.round(seconds * 1000.0).astype(np.int64) * 1000  # whole ms, as events
    answers = _answer_rows(table, rows, stamps, extra["properties"], prefix)
    combined = pa.concat_tables([table, answers])
    return combined.take(pc.sort_indices(combined, [("timestamp", "ascending")]))


def _properties(
    journey: JourneyMap,
    plan: Plan,
    *,
    stage_id: str,
    survey: SurveySettings,
    kinds: Array,
    rng: np.random.Generator,
) -> list[str]:
    scores, latent = draw_scores(survey.kind, designed_emotion(journey, stage_id), kinds.size, rng)
    with_text = rng.random(kinds.size) < survey.texts
    picks = rng.random(kinds.size)
    out = []
    for n, kind_index in enumerate(kinds):
        properties: dict[str, Any] = {
            "kind": survey.kind,
            "score": int(scores[n]),
            "stage": stage_id,
            "touchpoint": plan.kinds[int(kind_index)].touchpoint,
            "language": journey.language,
            "simulated": True,
        }
        if with_text[n]:
            options = phrases(journey.language, tone(float(latent[n])))
            properties["text"] = options[int(picks[n] * len(options))]
        out.append(json.dumps(properties, ensure_ascii=False, separators=(",", ":")))
    return out


def _answer_rows(
    table: pa.Table, rows: Array, stamps: Array, properties: list[str], prefix: str
) -> pa.Table:
    """Answer rows that copy person ids, channel, context and source from their visit's event."""
    base = table.take(pa.array(rows))
    count = rows.size
    return pa.table(
        {
            "message_id": pa.array([f"s-{prefix}-{n}" for n in range(count)], pa.string()),
            "type": pa.array(["track"] * count, pa.string()),
            "event": pa.array([SURVEY_EVENT] * count, pa.string()),
            "anonymous_id": base.column("anonymous_id"),
            "user_id": base.column("user_id"),
            "person_id": base.column("person_id"),
            "timestamp": pa.array(stamps, pa.timestamp("us")),
            "received_at": base.column("received_at"),
            "channel": base.column("channel"),
            "properties": pa.array(properties, pa.string()),
            "context": base.column("context"),
            "traits": pa.array(["{}"] * count, pa.string()),
            "source": base.column("source"),
            "seq": pa.nulls(count, pa.int64()),
        },
        schema=table.schema,
    )
