"""Computing profiles: one row per person from the events, the map and the persons table.

Every part is an Ibis query over the events (so the same code runs on DuckDB and on PySpark);
only their per-person results are brought back and put together (`profile_rows`), one row per
person in the shape of the store's `profiles` table (`journeymap.store.tables.PROFILES_SCHEMA`).
See docs/personalization.md, "Profiles", for what each column means and how it is computed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from journeymap.analytics.segmentation import (
    NO_SEGMENT,
    SegmentBy,
    person_column,
    segment_persons,
)
from journeymap.model.journey import JourneyMap
from journeymap.personalize.interests import interest_signals, top_interests
from journeymap.personalize.preferences import preferences
from journeymap.personalize.profile_rows import PersonParts, profile_row
from journeymap.personalize.profile_settings import ProfileSettings
from journeymap.personalize.profile_stage import current_stages, stage_history, staged
from journeymap.personalize.rfm import rfm
from journeymap.personalize.send_hour import Histogram, activity_hours, histograms
from journeymap.store.arrow import to_arrow, to_scalar
from journeymap.store.tables import PROFILES_SCHEMA


@dataclass(frozen=True)
class ProfileInputs:
    """What profiles are computed from besides the events."""

    journey: JourneyMap | None = None
    persons: ir.Table | None = None
    """The store's `persons` table (traits come from it); None: no traits."""
    settings: ProfileSettings = field(default_factory=ProfileSettings)
    categories: Mapping[str, str] | None = None
    """Item id -> category, from the content catalog."""


def build_profiles(
    events: ir.Table,
    inputs: ProfileInputs | None = None,
    *,
    scope: ir.Table | None = None,
    as_of: datetime | None = None,
    computed_at: datetime | None = None,
) -> pa.Table:
    """Profiles of the persons with events (only those in `scope`'s `person` column, when
    given), as an Arrow table with the columns of the `profiles` table, sorted by person.

    `as_of` (default: the latest event timestamp) is "now" for recency and interest decay.
    Population parts (RFM scores, segment and everyone send hours) always use every event.
    """
    inputs = inputs or ProfileInputs()
    if as_of is None:
        as_of = to_scalar(events.timestamp.max())
    if as_of is None:  # no events
        return PROFILES_SCHEMA.to_pyarrow().empty_table()
    mine = events if scope is None else _within(events, person_column(events), scope)
    parts = _gather(events, mine, scope, inputs, as_of)
    stamp = computed_at or datetime.now(UTC).replace(tzinfo=None)
    rows = [profile_row(p, inputs.journey, inputs.settings, stamp) for p in parts]
    return pa.Table.from_pylist(rows, schema=PROFILES_SCHEMA.to_pyarrow())


def _within(table: ir.Table, person: ir.Value, scope: ir.Table) -> ir.Table:
    # selecting ends the join chain, so later self-joins of the result stay valid
    return table.semi_join(scope, person == scope.person).select(*table.columns)


def _gather(
    events: ir.Table,
    mine: ir.Table,
    scope: ir.Table | None,
    inputs: ProfileInputs,
    as_of: datetime,
) -> list[PersonParts]:
    """Run every part's query and file its rows under the person they belong to."""
    settings = inputs.settings
    # naive times are UTC, as in the store; zoned ones are converted
    zoned = as_of if as_of.tzinfo is not None else as_of.replace(tzinfo=UTC)
    seconds = float(zoned.timestamp() // 1)
    base = mine.group_by(person=person_column(mine)).aggregate(
        events=mine.count(), last_seen=mine.timestamp.max(), watermark=mine.received_at.max()
    )
    people = {str(r["person"]): PersonParts(r) for r in _rows(base)}
    if inputs.journey is not None and inputs.journey.stages:
        steps = staged(mine, inputs.journey)
        _file(people, "stage", _rows(current_stages(steps)))
        _file(people, "history", _rows(stage_history(steps)))
    signals = interest_signals(mine, settings, seconds, inputs.categories)
    _file(people, "items", _rows(top_interests(signals, "item", settings.top_items)))
    _file(people, "categories", _rows(top_interests(signals, "category", settings.top_categories)))
    _file(people, "rfm", _rows(_scoped(rfm(events, settings, seconds), scope)))
    _file(people, "preferences", _rows(preferences(mine, settings)))
    if inputs.persons is not None:
        persons = inputs.persons.select(person="person_id", traits="traits")
        _file(people, "traits", _rows(_scoped(persons, scope)))
    # persons without a segment fall back from their own hours straight to everyone's
    segments = person_segments(events, settings)
    segments = segments.filter(segments.segment != NO_SEGMENT)
    _file(people, "segment", _rows(_scoped(segments, scope)))
    hours = activity_hours(events, settings)
    _file(people, "hours", _rows(_scoped(hours, scope)))
    joined = hours.join(segments, "person")
    by_segment = histograms(
        _rows(joined.group_by(["segment", "channel", "hour"]).aggregate(n=joined.n.sum())),
        "segment",
    )
    everyone = histograms(
        _rows(hours.group_by(["channel", "hour"]).aggregate(n=hours.n.sum(), all=ibis.literal(""))),
        "all",
    )
    per_segment: dict[str, dict[str, Histogram]] = defaultdict(dict)
    for (segment, channel), histogram in by_segment.items():
        per_segment[segment][channel] = histogram
    everyone_by_channel = {channel: histogram for (_, channel), histogram in everyone.items()}
    for person in people.values():
        person.segment_hours = per_segment.get(person.segment or "", {})
        person.everyone_hours = everyone_by_channel
    return [people[key] for key in sorted(people)]


def person_segments(events: ir.Table, settings: ProfileSettings) -> ir.Table:
    """`person`, `segment` of every person with events (`NO_SEGMENT` when none)."""
    if settings.segment_rules:
        by = SegmentBy("rule", rules=list(settings.segment_rules))
    else:
        by = SegmentBy("trait", settings.segment_trait)
    return segment_persons(events, by)


def _scoped(table: ir.Table, scope: ir.Table | None) -> ir.Table:
    return table if scope is None else _within(table, table.person, scope)


def _file(people: dict[str, PersonParts], part: str, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        person = people.get(str(row["person"]))
        if person is not None:
            person.add(part, row)


def _rows(table: ir.Table) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = to_arrow(table).to_pylist()
    return rows
