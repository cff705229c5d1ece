"""Counting a chain's success markers in the store: one row of sums per (segment, arm), the
arms being the runner's groups (`treated`, `unsent`, `holdout`) and the persons of the period
before the chain (`before`). `markers` turns the sums into effects with intervals,
`segment_effects` does so per segment.

Persons, arms and the window are those of `effect.chain_effect` (`automation_states`, one row
per person and chain); entries whose window is still open at `now` are `pending`. Orders and
answers are the store's `events` of the same `person_id` between the entry and the end of the
window.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from journeymap.i18n import gettext as _
from journeymap.model.journey import JourneyMap
from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.marker_events import events_at_hand
from journeymap.orchestrate.stage_entries import (
    first_stage_entries,
    register_before,
    unregister_before,
)
from journeymap.orchestrate.state import naive
from journeymap.store import Store
from journeymap.store.errors import StoreError

SEGMENTS_TABLE = "journeymap_effect_segments"
"""The (person_id, segment) table `segment_effects` registers before counting by segment."""
NO_SEGMENT = ""
"""The segment of every row when the count is not by segment."""

_STATES = """
    SELECT s.person_id, s.entered_at, s.converted_at, s.context,
        CASE WHEN s.grp = 'treatment' THEN CASE WHEN EXISTS (
            SELECT 1 FROM automation_sends d
            WHERE d.chain_id = s.chain_id AND d.person_id = s.person_id
              AND d.entries = s.entries AND d.status = 'sent'
        ) THEN 'treated' ELSE 'unsent' END ELSE 'holdout' END AS arm
    FROM automation_states s
    WHERE s.chain_id = $chain
"""
_BEFORE = """
    SELECT person_id, entered_at, (
            SELECT min(g.timestamp) FROM events g
            WHERE g.person_id = b.person_id AND g.type = 'track' AND g.event = $goal_event
              AND g.timestamp >= b.entered_at
              AND g.timestamp <= b.entered_at + to_seconds($window)
        ) AS converted_at, context, 'before' AS arm
    FROM ({source}) b
"""
_EVENT_BEFORE = """
    SELECT person_id, entered_at, context FROM (
        SELECT e.person_id, e.timestamp AS entered_at, e.properties AS context,
            row_number() OVER (PARTITION BY e.person_id ORDER BY e.timestamp, e.seq) AS n
        FROM events e
        WHERE e.type = 'track' AND e.event = $entry_event
          AND e.timestamp >= $before_from AND e.timestamp < $before_until {filters}
    ) WHERE n = 1
"""
_STAGE_BEFORE = (
    "SELECT person_id, entered_at, CAST(context AS JSON) AS context FROM journeymap_stage_before"
)
_COUNTS = """
WITH entries AS ({entries}),
persons AS (
    SELECT x.person_id, x.arm, x.entered_at, x.converted_at, {segment} AS segment,
        x.entered_at + to_seconds($window) AS closes,
        coalesce(json_extract_string(x.context, '$.products[*].product_id'), []) AS cart
    FROM entries x {segment_join}
),
orders AS (
    SELECT p.person_id, p.arm, count(*) AS orders,
        bool_or(list_has_any(p.cart, coalesce(
            json_extract_string(e.properties, '$.products[*].product_id'), []
        ))) AS cart_ordered
    FROM persons p JOIN events e
      ON e.person_id = p.person_id AND e.type = 'track' AND e.event = $order_event
     AND e.timestamp >= p.entered_at AND e.timestamp <= p.closes
    GROUP BY p.person_id, p.arm
),
trials AS (
    SELECT DISTINCT p.person_id, p.arm
    FROM persons p JOIN events e
      ON e.person_id = p.person_id AND e.type = 'track' AND e.event = $trial_event
     AND e.timestamp >= p.entered_at AND e.timestamp <= p.closes
),
answers AS (
    SELECT p.person_id, p.arm, avg(a.score) AS score
    FROM persons p JOIN (
        SELECT person_id, timestamp,
            TRY_CAST(json_extract_string(properties, '$.score') AS DOUBLE) AS score,
            lower(coalesce(json_extract_string(properties, '$.kind'),
                           json_extract_string(properties, '$.scale'))) AS kind
        FROM events WHERE type = 'track' AND event = $survey_event
    ) a ON a.person_id = p.person_id AND a.timestamp >= p.entered_at AND a.timestamp <= p.closes
    WHERE a.kind = 'nps' AND a.score BETWEEN 0 AND 10
    GROUP BY p.person_id, p.arm
)
SELECT
    p.segment,
    p.arm,
    p.entered_at > $cutoff AS pending,
    count(*) AS persons,
    count(*) FILTER (WHERE p.converted_at IS NOT NULL AND p.converted_at <= p.closes)
        AS converted,
    count(*) FILTER (WHERE CASE WHEN len(p.cart) > 0 THEN coalesce(o.cart_ordered, false)
        ELSE p.converted_at IS NOT NULL AND p.converted_at <= p.closes END) AS recovered,
    count(*) FILTER (WHERE coalesce(o.orders, 0) >= 2) AS repeated,
    count(t.person_id) AS trials,
    count(n.score) AS answered,
    coalesce(sum(n.score), 0) AS score_sum,
    coalesce(sum(n.score * n.score), 0) AS score_squares,
    count(*) FILTER (WHERE n.score >= 9) AS promoters,
    count(*) FILTER (WHERE n.score <= 6) AS detractors
FROM persons p LEFT JOIN orders o USING (person_id, arm) LEFT JOIN trials t USING (person_id, arm)
LEFT JOIN answers n USING (person_id, arm)
GROUP BY ALL
"""
# the name of SEGMENTS_TABLE, written out (no SQL built from variables)
_SEGMENT_JOIN = "LEFT JOIN journeymap_effect_segments sg ON sg.person_id = x.person_id"
FIELDS = (
    "persons",
    "converted",
    "recovered",
    "repeated",
    "trials",
    "answered",
    "score_sum",
    "score_squares",
    "promoters",
    "detractors",
)
"""The sums of each (segment, arm); `converted` is the chain's goal within the window."""


def merge_totals(parts: Sequence[dict[str, float] | None]) -> dict[str, float]:
    """The sums of `FIELDS` over some (segment, arm) totals (None: an arm nobody is in)."""
    return {name: sum(part[name] for part in parts if part) for name in FIELDS}


@dataclass
class MarkerCounts:
    totals: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)
    """(segment, arm) -> the sums of `FIELDS`."""
    pending: dict[str, int] = field(default_factory=dict)
    """Entries per segment whose window is still open."""
    period: tuple[datetime, datetime] | None = None
    """The before period, None without one."""


def count_markers(
    store: Store,
    chain: Chain,
    window: timedelta,
    *,
    now: datetime | None,
    events: tuple[str, str, str],
    maps: Mapping[str, JourneyMap] | None = None,
    by_segment: bool = False,
    source: Store | None = None,
) -> MarkerCounts:
    """The sums per (segment, arm). `store` holds the runner's state (DuckDB); `source`, when
    another store (a Spark one), holds the events (`marker_events.events_at_hand`). `events`
    are the order, survey and trial event names; `by_segment` joins the `SEGMENTS_TABLE` the
    caller registered (persons without a row get the segment `(none)`)."""
    if store.engine != "duckdb":
        raise StoreError(_("automations run on a DuckDB store"))
    with events_at_hand(store, source, chain, window, events, maps):
        return _count(
            store, chain, window, now=now, events=events, maps=maps, by_segment=by_segment
        )


def _count(
    store: Store,
    chain: Chain,
    window: timedelta,
    *,
    now: datetime | None,
    events: tuple[str, str, str],
    maps: Mapping[str, JourneyMap] | None,
    by_segment: bool,
) -> MarkerCounts:
    order_event, survey_event, trial_event = events
    cutoff = naive(now - window) if now is not None else datetime.max
    parameters: dict[str, Any] = {
        "chain": chain.id,
        "window": window.total_seconds(),
        "order_event": order_event,
        "survey_event": survey_event,
        "trial_event": trial_event,
        "cutoff": cutoff,
    }
    period = _before_period(store, chain, cutoff, window)
    stage_entries = None
    if period is not None and chain.entry.stage is not None:
        stage_entries = first_stage_entries(store, chain, maps or {}, *period)
        if stage_entries is None:  # the chain's map is not loaded: no before side
            period = None
    entries = _STATES
    if period is not None:
        entries += " UNION ALL " + _BEFORE.format(source=_before_source(chain, period, parameters))
    segment = "coalesce(sg.segment, '(none)')" if by_segment else "''"
    query = _COUNTS.format(
        entries=entries, segment=segment, segment_join=_SEGMENT_JOIN if by_segment else ""
    )
    if stage_entries is not None:
        register_before(store, stage_entries)
    try:
        rows = store.duckdb.execute(query, parameters).fetchall()
    finally:
        if stage_entries is not None:
            unregister_before(store)
    counts = MarkerCounts(period=period)
    for name, arm, is_pending, *values in rows:
        if is_pending:
            counts.pending[name] = counts.pending.get(name, 0) + int(values[0])
            continue
        total = counts.totals.setdefault((name, arm), dict.fromkeys(FIELDS, 0.0))
        for column, value in zip(FIELDS, values, strict=True):
            total[column] += float(value)
    return counts


def _before_source(
    chain: Chain, period: tuple[datetime, datetime], parameters: dict[str, Any]
) -> str:
    """The SQL of the before side's entries (adding its `parameters`): the first entry event
    of each person in the period, or for a stage entry the table that
    `stage_entries.register_before` registers."""
    parameters["goal_event"] = chain.goal.event if chain.goal else ""
    if chain.entry.event is None:
        return _STAGE_BEFORE
    filters = ""
    for n, (name, value) in enumerate(sorted(chain.entry.properties.items())):
        filters += f" AND json_extract_string(e.properties, $path{n}) = $value{n}"
        parameters[f"path{n}"] = f"$.{name}"
        parameters[f"value{n}"] = value if isinstance(value, str) else json.dumps(value)
    parameters |= {
        "entry_event": chain.entry.event,
        "before_from": period[0],
        "before_until": period[1],
    }
    return _EVENT_BEFORE.format(filters=filters)


def _before_period(
    store: Store, chain: Chain, cutoff: datetime, window: timedelta
) -> tuple[datetime, datetime] | None:
    """[start - length, start) where the chain started at `start` and its counted entries span
    `length` (at least one window); None for chains not entered by an event or a stage, or
    not run."""
    if chain.entry.event is None and chain.entry.stage is None:
        return None
    row = store.duckdb.execute(
        "SELECT min(entered_at), max(entered_at) FILTER (WHERE entered_at <= ?) "
        "FROM automation_states WHERE chain_id = ?",
        [cutoff, chain.id],
    ).fetchone()
    if not row or row[0] is None:
        return None
    start, last = row[0], row[1] or row[0]
    length = max(last - start, window)
    return start - length, start
