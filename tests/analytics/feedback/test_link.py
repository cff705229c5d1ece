"""Answers are linked to the person's touchpoint at that time, or to their named touchpoint."""

from __future__ import annotations

from typing import Any

from journeymap.analytics.feedback.from_events import feedback_from_events
from journeymap.analytics.feedback.link import link_feedback
from tests.analytics.conftest import MakeEvents, ToRecords
from tests.analytics.feedback.journeys import shop


def event(message_id: str, person: str, name: str, at: str, **props: Any) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "person_id": person,
        "event": name,
        "timestamp": f"2025-01-01 {at}",
        "properties": props,
    }


def test_latest_touchpoint_at_or_before_the_answer(
    make_events: MakeEvents, to_records: ToRecords
) -> None:
    rows = [
        event("e1", "ann", "Product Viewed", "10:00"),
        event("e2", "ann", "Cart Viewed", "10:05"),
        event("s1", "ann", "Survey Answered", "10:05", score=3, kind="csat"),
        event("e3", "ann", "Order Delivered", "12:00"),
        event("s2", "ann", "Survey Answered", "12:30", score=9, kind="nps"),
        event("s3", "bob", "Survey Answered", "09:00", score=8, kind="nps"),
        event("e4", "bob", "Product Viewed", "09:30"),
        event("s4", "bob", "Survey Answered", "10:00", score=7, kind="nps", touchpoint="courier"),
        event("s5", "bob", "Survey Answered", "10:00", score=6, kind="nps", stage="purchase"),
    ]
    events = make_events(rows)
    linked = to_records(link_feedback(feedback_from_events(events), events, shop()))
    placed = {r["feedback_id"]: (r["touchpoint"], r["stage"]) for r in linked}
    assert placed == {
        "s1": ("cart", "purchase"),  # same time as the cart view counts as "at or before"
        "s2": ("courier", "delivery"),
        "s3": (None, None),  # nothing bound before the answer: kept, unlinked
        "s4": ("courier", "delivery"),  # named touchpoint wins, stage from the map
        "s5": (None, "purchase"),  # named stage kept
    }
