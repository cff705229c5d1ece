"""Assigning persons to segments: by trait, property, first-touch channel, column or rule.

`segment_persons(events, by)` returns a table `person`, `segment` with one row per person who
has any event. Segment values are text; persons without a value get `(none)`.

- `trait:KEY`: the value of `KEY` in `traits` of the person's latest event that has it
  (identify calls carry traits; any event's traits count).
- `property:KEY`: the value of `KEY` in `properties` of the person's first event that has it
  (first-touch attribution of the breakdown value).
- `channel`: the channel of the person's first event with a channel (channel of first touch).
- `column:NAME`: the first non-NULL value of an events column (e.g. `source`, or `stage`).
- rules (`SegmentBy.rules`): an ordered list of (name, binding); a person belongs to the first
  rule one of her events matches, otherwise to `other`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ibis

from journeymap.analytics.bind import binding_predicate
from journeymap.analytics.event_order import source_order
from journeymap.analytics.jsonpath import json_text
from journeymap.i18n import gettext
from journeymap.model.binding import Binding

NO_SEGMENT = "(none)"
OTHER = "other"
KINDS = ("trait", "property", "channel", "column", "rule")


@dataclass(frozen=True)
class SegmentBy:
    kind: str
    key: str | None = None
    rules: list[tuple[str, Binding]] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> SegmentBy:
        """`trait:plan`, `property:utm_source`, `channel`, `column:source`."""
        kind, _, key = text.partition(":")
        kind = kind.strip().lower()
        if kind == "channel" and not key:
            return cls("channel")
        if kind in ("trait", "property", "column") and key.strip():
            return cls(kind, key.strip())
        raise ValueError(
            gettext(
                "cannot read segment {text!r}; use trait:KEY, property:KEY, channel or column:NAME",
                text=text,
            )
        )

    def describe(self) -> str:
        return self.kind if self.key is None else f"{self.kind}:{self.key}"


PERSON_COLUMNS = ("person_id", "user_id", "anonymous_id")
"""The ids a person is counted by, in order: the first one set names her."""


def person_column(events: ibis.Table) -> Any:
    first, *rest = PERSON_COLUMNS
    return events[first].coalesce(*(events[column] for column in rest))


def segment_persons(events: ibis.Table, by: SegmentBy) -> ibis.Table:
    """One row per person: `person`, `segment`."""
    with_person = events.mutate(person=person_column(events))
    persons = with_person.select("person").distinct()
    if by.kind == "rule":
        return _rule_segments(with_person, persons, by.rules)
    value: Any
    latest = False
    if by.kind == "trait":
        value, latest = json_text(with_person.traits, str(by.key)), True
    elif by.kind == "property":
        value = json_text(with_person.properties, str(by.key))
    elif by.kind == "channel":
        value = with_person.channel
    elif by.kind == "column":
        if by.key not in with_person.columns:
            raise ValueError(gettext("events have no column {key!r}", key=by.key))
        value = with_person[str(by.key)].cast("string")
    else:
        raise ValueError(
            gettext(
                "unknown segment kind {kind!r}; known: {kinds}",
                kind=by.kind,
                kinds=", ".join(KINDS),
            )
        )
    valued = with_person.select(
        "person", "timestamp", tie=source_order(with_person), value=value.cast("string")
    ).filter(lambda t: t.value.notnull())
    direction = ibis.desc if latest else ibis.asc
    ranked = valued.mutate(
        rank=ibis.row_number().over(
            group_by=valued.person,
            order_by=[direction(valued.timestamp), direction(valued.tie)],
        )
    )
    chosen = ranked.filter(ranked.rank == 0).select("person", segment=ranked.value)
    joined = persons.left_join(chosen, "person")
    return joined.select(person=joined.person, segment=joined.segment.fill_null(NO_SEGMENT))


def _rule_segments(
    events: ibis.Table, persons: ibis.Table, rules: list[tuple[str, Binding]]
) -> ibis.Table:
    if not rules:
        raise ValueError(gettext("a rule segmentation needs at least one (name, binding) rule"))
    flags = {
        f"_rule{k}": binding_predicate(events, binding).cast("int64").max()
        for k, (_, binding) in enumerate(rules)
    }
    matched = events.group_by("person").aggregate(**flags)
    segment = ibis.cases(
        *[(matched[f"_rule{k}"] == 1, name) for k, (name, _) in enumerate(rules)], else_=OTHER
    )
    joined = persons.left_join(matched.select("person", segment=segment), "person")
    return joined.select(person=joined.person, segment=joined.segment.fill_null(OTHER))
