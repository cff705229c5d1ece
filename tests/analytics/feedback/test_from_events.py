"""`Survey Answered` events become feedback rows; invalid ones are listed with a reason."""

from __future__ import annotations

from typing import Any

from journeymap.analytics.feedback.from_events import feedback_from_events, rejected_survey_events
from tests.analytics.conftest import MakeEvents, ToRecords

T = "2025-02-01 10:00:00"


def survey(message_id: str, properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "person_id": "p1",
        "event": "Survey Answered",
        "timestamp": T,
        "properties": properties,
        **extra,
    }


ROWS = [
    survey("ok-nps", {"score": 9, "kind": "nps", "touchpoint": "cart", "segment": "pro"}),
    survey("ok-csat", {"score": "4", "scale": "CSAT", "text": 'Quick "delivery"'}),
    survey("ok-stars", {"score": 5, "kind": "stars"}, context={"locale": "ru-RU"}),
    survey("ok-text", {"text": "Курьер опоздал"}, traits={"segment": "new"}),
    survey("bad-range", {"score": 8, "kind": "csat"}),
    survey("bad-kind", {"score": 3}),
    survey("bad-number", {"score": "abc", "kind": "nps"}),
    survey("bad-fraction", {"score": 7.5, "kind": "nps"}),
    survey("bad-empty", {"kind": "text", "text": "  "}),
    {"message_id": "other", "person_id": "p1", "event": "Order Completed", "timestamp": T},
]


def test_valid_and_rejected_answers(make_events: MakeEvents, to_records: ToRecords) -> None:
    events = make_events(ROWS)
    rows = {r["feedback_id"]: r for r in to_records(feedback_from_events(events))}
    assert set(rows) == {"ok-nps", "ok-csat", "ok-stars", "ok-text"}
    assert (rows["ok-nps"]["kind"], rows["ok-nps"]["score"]) == ("nps", 9.0)
    assert (rows["ok-nps"]["touchpoint"], rows["ok-nps"]["segment"]) == ("cart", "pro")
    assert (rows["ok-csat"]["kind"], rows["ok-csat"]["score"]) == ("csat", 4.0)
    assert rows["ok-csat"]["text"] == 'Quick "delivery"'
    assert rows["ok-stars"]["kind"] == "rating"
    assert rows["ok-stars"]["language"] == "ru"
    assert (rows["ok-text"]["kind"], rows["ok-text"]["score"]) == ("text", None)
    assert rows["ok-text"]["segment"] == "new"

    # Nothing is dropped silently: every other survey event is listed with its reason.
    rejected = to_records(rejected_survey_events(events))
    reasons = {r["feedback_id"]: r["reason"] for r in rejected}
    assert reasons == {
        "bad-range": "csat score outside 1..5",
        "bad-kind": "a score without kind (set properties.kind: nps|csat|ces|rating)",
        "bad-number": "score is not a number",
        "bad-fraction": "nps score is not a whole number",
        "bad-empty": "text answer without text",
    }
