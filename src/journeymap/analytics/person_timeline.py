"""One person's events, latest first, with the touchpoint and stage each binds to: the timeline
of the customer 360 page."""

from __future__ import annotations

from typing import Any

import ibis

from journeymap.analytics.segmentation import person_column

TIMELINE_COLUMNS = ("timestamp", "event", "type", "channel", "touchpoint", "stage")


def person_timeline(
    events: ibis.Table, person_id: str, *, limit: int = 200
) -> list[dict[str, Any]]:
    """The person's latest `limit` events (raw or bound by `bind_events`), latest first."""
    mine = events.filter(person_column(events) == person_id)
    kept = [c for c in TIMELINE_COLUMNS if c in mine.columns]
    ordered = mine.order_by([ibis.desc("timestamp"), "event"]).limit(limit)
    rows: list[dict[str, Any]] = ordered.select(*kept).to_pyarrow().to_pylist()
    return rows
