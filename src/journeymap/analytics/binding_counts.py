"""What a binding picker offers: the event names in the store with how many events each has,
the property keys seen, and how many events each binding of a touchpoint matches."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from journeymap.analytics.bind import binding_predicate
from journeymap.analytics.segment_split import json_keys
from journeymap.model.binding import Binding


@dataclass(frozen=True)
class EventName:
    name: str
    events: int


def event_names(events: ir.Table, *, limit: int = 500) -> list[EventName]:
    """The names of `track` events, the most frequent first (ties by name)."""
    named = events.filter(events.event.notnull())
    counted = (
        named.group_by("event")
        .aggregate(n=named.count())
        .order_by([ibis.desc("n"), "event"])
        .limit(limit)
        .to_pyarrow()
    )
    return [
        EventName(str(e), int(n))
        for e, n in zip(counted["event"].to_pylist(), counted["n"].to_pylist(), strict=True)
    ]


def ibis_desc(column: str) -> ir.Value:
    import ibis

    return ibis.desc(column)


def property_keys(events: ir.Table) -> list[str]:
    """Top-level `properties` keys seen in a sample of the events."""
    return json_keys(events, "property")


def binding_counts(events: ir.Table, bindings: list[Binding]) -> list[int]:
    """How many events each binding matches (one count per binding, in order)."""
    if not bindings:
        return []
    # Matched first, summed after: an `occurrence` binding is a window over each person.
    names = [f"b{number}" for number in range(len(bindings))]
    matched = events.mutate(
        **{name: binding_predicate(events, b) for name, b in zip(names, bindings, strict=True)}
    )
    sums = {name: matched[name].cast("int64").sum() for name in names}
    row = matched.aggregate(**sums).to_pyarrow().to_pylist()[0]
    return [int(row[f"b{number}"] or 0) for number in range(len(bindings))]
