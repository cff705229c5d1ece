"""Running any analysis per segment: assign persons, then filter the events to each segment.

`split_segments(events, by)` assigns every person a segment (`segment_persons`) and yields a
`SegmentSplit`: the sorted segment names, `subset(name)` (the events of that segment's persons,
a semi-join on the person, so any analysis run on it gives exactly what it gives on those
persons alone) and the cached assignment table `assigned` (`person`, `segment`) for tests that
join person-level samples to their segment.

A segmentation whose key no event has (`trait:KEY`, `property:KEY`) or an events column that does
not exist is an `UnknownSegmentKeyError` naming the closest keys, not a table of `(none)`. More
than `max_segments` segments (a key like an e-mail address, unique per person) is a
`TooManySegmentsError`: every segment runs the analysis once, and such a table says nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import ibis

from journeymap.analytics.segmentation import (
    NO_SEGMENT,
    SegmentBy,
    person_column,
    segment_persons,
)
from journeymap.analytics.steps import closest
from journeymap.i18n import gettext as _

MAX_SEGMENTS = 50
_KEY_SAMPLE_ROWS = 5000
"""Events read to suggest keys when a trait or property key is unknown."""
_JSON_COLUMN = {"trait": "traits", "property": "properties"}


class UnknownSegmentKeyError(ValueError):
    """A segmentation key that no event has."""

    def __init__(self, by: SegmentBy, suggestions: list[str]) -> None:
        self.by = by
        self.suggestions = suggestions
        hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"no event has {by.describe()!r}, so there is nothing to segment by{hint}")


class TooManySegmentsError(ValueError):
    """A segmentation with more segments than a side-by-side table can hold."""

    def __init__(self, by: SegmentBy, count: int, limit: int) -> None:
        self.count = count
        super().__init__(
            f"{by.describe()!r} gives {count:,} segments (at most {limit}); "
            "choose a key with fewer values"
        )


@dataclass(frozen=True)
class SegmentSplit:
    segmented_by: str
    names: list[str]
    assigned: ibis.Table
    """`person`, `segment` for every person with an event (cached while the split is open)."""
    events: ibis.Table

    def members(self, name: str) -> ibis.Table:
        """The persons (`person`) of one segment."""
        return self.assigned.filter(self.assigned.segment == name).select("person")

    def subset(self, name: str) -> ibis.Table:
        """The events of the persons of one segment, with the events' own columns."""
        with_person = self.events.mutate(_segment_person=person_column(self.events))
        members = self.members(name).select(_segment_person="person")
        return with_person.semi_join(members, "_segment_person").drop("_segment_person")


@contextmanager
def split_segments(
    events: ibis.Table, by: SegmentBy, *, max_segments: int = MAX_SEGMENTS
) -> Iterator[SegmentSplit]:
    """The segments of `events` by `by`; the assignment stays cached inside the block."""
    if by.kind == "column" and by.key not in events.columns:
        near = closest(str(by.key), list(events.columns))
        raise UnknownSegmentKeyError(by, near)
    with segment_persons(events, by).cache() as assigned:
        names = sorted(
            str(s) for s in assigned.select("segment").distinct().to_pyarrow()["segment"]
        )
        if not names:
            raise ValueError(_("there are no persons in the events to segment"))
        if by.kind in _JSON_COLUMN and names == [NO_SEGMENT]:
            raise UnknownSegmentKeyError(by, closest(str(by.key), json_keys(events, by.kind)))
        if len(names) > max_segments:
            raise TooManySegmentsError(by, len(names), max_segments)
        yield SegmentSplit(by.describe(), names, assigned, events)


def json_keys(events: ibis.Table, kind: str) -> list[str]:
    """Top-level keys seen in `traits` (kind `trait`) or `properties` of a sample of events."""
    column = events[_JSON_COLUMN[kind]]
    sample = (
        events.filter(column.notnull() & (column != "") & (column != "{}"))
        .select(text=column)
        .limit(_KEY_SAMPLE_ROWS)
    )
    keys: set[str] = set()
    for text in sample.to_pyarrow()["text"].to_pylist():
        try:
            value = json.loads(text)
        except (TypeError, ValueError):
            continue
        if isinstance(value, dict):
            keys.update(str(k) for k in value)
    return sorted(keys)
