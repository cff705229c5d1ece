"""Binding events to the map: tag each event with the touchpoint and stage it belongs to.

Rules (see docs/analytics.md, "Binding"):

- A binding matches an event when every condition it names holds; a touchpoint matches when any
  of its bindings matches. Touchpoints without bindings match nothing.
- An event that matches several touchpoints gets the first of them in the map's `touchpoints`
  order, so every event counts once.
- The event's stage is the first stage (in map order) that lists its touchpoint. A touchpoint
  listed by several stages therefore always reports under the earliest of them; list it once
  per map, or split it into two touchpoints, when the stages must be told apart.
- A binding with `occurrence` counts only some of a person's matching events (her N-th, or
  her N-th and later: `occurrence.py`); an event it leaves out may still match a later
  touchpoint, so list a "repeat" touchpoint before the general one.
- Events that match no touchpoint keep NULL `touchpoint` and `stage` and stay in the table under
  their event names, so every analysis also works on raw events.
"""

from __future__ import annotations

from collections.abc import Callable

import ibis
import ibis.expr.types as ir

from journeymap.analytics.jsonpath import json_decode, json_raw, json_text
from journeymap.analytics.occurrence import (
    counted_condition,
    occurrence_condition,
    with_occurrence_count,
)
from journeymap.events.schema import SOURCE_ORDER
from journeymap.model.binding import Binding, Condition, ConditionValue, Scalar
from journeymap.model.journey import JourneyMap
from journeymap.model.touchpoint import Touchpoint

TOUCHPOINT = "touchpoint"
STAGE = "stage"
_NULL_STRING = ibis.null().cast("string")
_INDEX = "__journeymap_touchpoint_index"
_JSON = "__journeymap_json_"
_OCCURRENCE = "__journeymap_occurrence_"
_PLAIN = ("event", "type", "channel", "source")  # the binding fields matched on a plain column


JsonReader = Callable[[str, str], ir.StringValue]
"""(JSON column name, dotted path) -> the value there as bare text, as `json_text` reads it."""


def bind_events(
    events: ir.Table, journey: JourneyMap, *, joined_occurrences: bool = False
) -> ir.Table:
    """`events` with two more string columns, `touchpoint` and `stage` (NULL when unbound).

    `joined_occurrences` counts the occurrences of bindings that have one by numbering their
    matching events apart and joining the numbers back (`occurrence.with_occurrence_count`)
    instead of a window over every event: the same touchpoints, faster when the whole table is
    computed at once (the report caches it: 0.9 instead of 1.5 s at 1M simulated events), but
    slower for queries that read only some columns, since engines drop an unread window
    column from the plan and keep the join."""
    stage_of = touchpoint_stages(journey)
    bound = bound_touchpoints(journey)
    if not bound:
        return events.mutate(**{TOUCHPOINT: _NULL_STRING, STAGE: _NULL_STRING})
    prepared, index, extracted = touchpoint_index(
        events, bound, joined_occurrences=joined_occurrences
    )
    # Both columns are array lookups by the index. Deriving `stage` with a CASE over
    # `touchpoint` instead made engines inline the whole binding expression once per
    # touchpoint (10 s instead of 1 s for 1M events).
    touchpoint_ids = ibis.literal([*(tp.id for tp in bound), None], type="array<string>")
    stage_ids = ibis.literal([*(stage_of.get(tp.id) for tp in bound), None], type="array<string>")
    indexed = prepared.mutate(**{_INDEX: index})
    return indexed.mutate(
        **{TOUCHPOINT: touchpoint_ids[indexed[_INDEX]], STAGE: stage_ids[indexed[_INDEX]]}
    ).drop(_INDEX, *extracted)


def bound_touchpoints(journey: JourneyMap) -> list[Touchpoint]:
    """The touchpoints that have bindings, in map order (the others match nothing)."""
    return [tp for tp in journey.touchpoints if tp.bindings]


def touchpoint_index(
    events: ir.Table, bound: list[Touchpoint], *, joined_occurrences: bool = False
) -> tuple[ir.Table, ir.IntegerValue, list[str]]:
    """(`events` plus the JSON columns the bindings read, the int32 position in `bound` of the
    first touchpoint matching each event (`len(bound)` when none does), the names of the added
    columns to drop afterwards). `joined_occurrences` as in `bind_events`.

    One CASE yields the position; its conditions may be NULL where false (a CASE takes NULL
    as false), which spares the engines a COALESCE around every comparison.
    """
    bindings = [b for tp in bound for b in tp.bindings]
    prepared, paths = _extract_json(events, bindings)
    counts: dict[int, str] = {}
    if joined_occurrences:
        prepared, counts = _occurrence_counts(prepared, bindings, paths)
    read = _json_reader(prepared, paths)
    extracted = [*paths.values(), *counts.values()]
    index: ir.IntegerValue = ibis.cases(
        *[
            (_touchpoint_condition(prepared, tp.bindings, read, counts), ibis.literal(i, "int32"))
            for i, tp in enumerate(bound)
        ],
        # Unbound events point past the end: out-of-range or NULL indexes behave differently
        # across engines (Spark's ANSI mode raises, DuckDB returns NULL).
        else_=ibis.literal(len(bound), "int32"),  # Spark indexes arrays with INT only
    )
    return prepared, index, extracted


def _occurrence_counts(
    events: ir.Table, bindings: list[Binding], paths: dict[tuple[str, str], str]
) -> tuple[ir.Table, dict[int, str]]:
    """`events` plus, per binding with an `occurrence`, a column of the person's running count
    of the events meeting its other conditions (`occurrence.with_occurrence_count`), and the
    column names by `id(binding)`."""
    counts: dict[int, str] = {}
    for binding in bindings:
        if binding.occurrence_rule is None or id(binding) in counts:
            continue
        name = f"{_OCCURRENCE}{len(counts)}"
        read = _json_reader(events, paths)
        matches = _binding_condition(events, binding, read, counted=True)
        events = with_occurrence_count(events, matches, name)
        counts[id(binding)] = name
    return events, counts


def _json_reader(table: ir.Table, paths: dict[tuple[str, str], str]) -> JsonReader:
    def read(column: str, path: str) -> ir.StringValue:
        return json_decode(table[paths[(column, path)]])

    return read


def _extract_json(
    events: ir.Table, bindings: list[Binding]
) -> tuple[ir.Table, dict[tuple[str, str], str]]:
    """`events` with one column per JSON path the bindings read (and the column names by
    (JSON column, path)), extracted once per row and only where some binding reading it can
    match on its plain columns (event, type, channel, source); elsewhere NULL, which no such
    binding can tell, as its plain part is false there.

    Reading JSON inside the CASE instead parsed each event's JSON text once per read (about
    ten reads per condition): 1.5 of the 1.6 CPU seconds of binding 1M simulated events.
    """
    gates: dict[tuple[str, str], ir.BooleanValue] = {}
    for binding in bindings:
        gate = _plain_predicate(events, binding)
        for key in _json_paths(binding):
            gates[key] = gates[key] | gate if key in gates else gate
    names = {key: f"{_JSON}{i}" for i, key in enumerate(gates)}
    prepared = events.mutate(
        **{
            names[(column, path)]: ibis.ifelse(gate, json_raw(events[column], path), _NULL_STRING)
            for (column, path), gate in gates.items()
        }
    )
    return prepared, names


def _json_paths(binding: Binding) -> list[tuple[str, str]]:
    paths = [("context", "page.url"), ("properties", "url")] if binding.url is not None else []
    paths += [("properties", path) for path in binding.properties]
    paths += [("context", path) for path in binding.context]
    return paths


def binding_columns(journey: JourneyMap) -> list[str]:
    """The event columns the map's bindings read (plain ones such as `event`, and the JSON
    columns `properties` and `context` where a binding reads a path in them), sorted."""
    columns: set[str] = set()
    for touchpoint in bound_touchpoints(journey):
        for binding in touchpoint.bindings:
            columns.update(c for c in _PLAIN if getattr(binding, c) is not None)
            columns.update(column for column, _ in _json_paths(binding))
            if binding.occurrence is not None:
                # an occurrence counts per person in time order (`occurrence.py`)
                from journeymap.analytics.segmentation import PERSON_COLUMNS

                columns.update((*PERSON_COLUMNS, "timestamp", SOURCE_ORDER))
    return sorted(columns)


def touchpoint_stages(journey: JourneyMap) -> dict[str, str]:
    """Touchpoint id -> the first stage id listing it, in map order."""
    stage_of: dict[str, str] = {}
    for stage in journey.stages:
        for touchpoint_id in stage.touchpoints:
            stage_of.setdefault(touchpoint_id, stage.id)
    return stage_of


def touchpoint_predicate(
    events: ir.Table, bindings: list[Binding], *, read: JsonReader | None = None
) -> ir.BooleanValue:
    """True where any of `bindings` matches (never NULL)."""
    return _touchpoint_condition(events, bindings, read).fill_null(False)


def binding_predicate(
    events: ir.Table, binding: Binding, *, read: JsonReader | None = None
) -> ir.BooleanValue:
    """True where every condition of `binding` holds (never NULL). `read` gets JSON values
    (default: `json_text` of the events' column)."""
    return _binding_condition(events, binding, read).fill_null(False)


def _touchpoint_condition(
    events: ir.Table,
    bindings: list[Binding],
    read: JsonReader | None,
    counts: dict[int, str] | None = None,
) -> ir.BooleanValue:
    """True where any of `bindings` matches; NULL may stand for false. `counts` names the
    columns holding the occurrence counts of bindings with an `occurrence`
    (`_occurrence_counts`); without them the count is a window over `events`."""
    result: ir.BooleanValue | None = None
    for binding in bindings:
        column = None if counts is None else counts.get(id(binding))
        if column is None:
            matches = _binding_condition(events, binding, read)
        else:
            rule = binding.occurrence_rule
            assert rule is not None
            matches = counted_condition(
                _binding_condition(events, binding, read, counted=True), events[column], rule
            )
        result = matches if result is None else result | matches
    return ibis.literal(False) if result is None else result


def _binding_condition(
    events: ir.Table, binding: Binding, read: JsonReader | None, *, counted: bool = False
) -> ir.BooleanValue:
    """True where every condition of `binding` holds; NULL may stand for false (the parts
    are only ANDed and ORed, and each negation inside `text_predicate` is of a filled value).
    `counted`: leave its `occurrence` out (the caller applies it from a count column)."""
    if read is None:

        def read(column: str, path: str) -> ir.StringValue:
            return json_text(events[column], path)

    parts = _plain_conditions(events, binding)
    if binding.url is not None:
        url = read("context", "page.url").coalesce(read("properties", "url"))
        parts.append(url.re_search(binding.url))
    for path, condition in binding.properties.items():
        parts.append(text_predicate(read("properties", path), condition))
    for path, condition in binding.context.items():
        parts.append(text_predicate(read("context", path), condition))
    result = ibis.literal(True) if not parts else parts[0]
    for part in parts[1:]:
        result = result & part
    rule = binding.occurrence_rule
    return result if rule is None or counted else occurrence_condition(events, result, rule)


def _plain_conditions(events: ir.Table, binding: Binding) -> list[ir.BooleanValue]:
    """The binding's conditions on plain columns (event, type, channel, source), NULL where
    the column is NULL."""
    return [
        events[column] == getattr(binding, column)
        for column in _PLAIN
        if getattr(binding, column) is not None
    ]


def _plain_predicate(events: ir.Table, binding: Binding) -> ir.BooleanValue:
    """The binding's conditions on plain columns; never NULL."""
    result: ir.BooleanValue = ibis.literal(True)
    for part in _plain_conditions(events, binding):
        result = result & part
    return result.fill_null(False)


def condition_predicate(
    column: ir.StringValue, path: str, condition: ConditionValue
) -> ir.BooleanValue:
    """One property/context condition on the value at `path` of a JSON column."""
    return text_predicate(json_text(column, path), condition)


def text_predicate(text: ir.StringValue, condition: ConditionValue) -> ir.BooleanValue:
    """One property/context condition on a JSON value read as text (`json_text`): a scalar
    means equality, a `Condition` its operators.

    A scalar `null` means "absent or null". Missing values fail every operator except `ne`,
    `not_in` and `exists: false`, which hold for them (as in PostHog's "is not" filters).
    """
    if not isinstance(condition, Condition):
        if condition is None:
            return text.isnull()
        return _equals(text, condition).fill_null(False)
    checks: list[ir.BooleanValue] = []
    number: ir.FloatingValue = text.try_cast("float64")
    if condition.eq is not None:
        checks.append(_equals(text, condition.eq).fill_null(False))
    if condition.ne is not None:
        checks.append(~_equals(text, condition.ne).fill_null(False))
    if condition.in_ is not None:
        checks.append(_any_equal(text, condition.in_))
    if condition.not_in is not None:
        checks.append(~_any_equal(text, condition.not_in))
    comparisons: list[tuple[float | None, Callable[[ir.FloatingValue, float], ir.BooleanValue]]]
    comparisons = [
        (condition.gt, lambda v, x: v > x),
        (condition.gte, lambda v, x: v >= x),
        (condition.lt, lambda v, x: v < x),
        (condition.lte, lambda v, x: v <= x),
    ]
    for bound, compare in comparisons:
        if bound is not None:
            checks.append(compare(number, bound).fill_null(False))
    if condition.regex is not None:
        checks.append(text.re_search(condition.regex).fill_null(False))
    if condition.exists is not None:
        checks.append(text.notnull() if condition.exists else text.isnull())
    result: ir.BooleanValue = ibis.literal(True)
    for check in checks:
        result = result & check
    return result


def _any_equal(text: ir.StringValue, values: list[Scalar]) -> ir.BooleanValue:
    result: ir.BooleanValue = ibis.literal(False)
    for value in values:
        if value is None:
            result = result | text.isnull()
        else:
            result = result | _equals(text, value).fill_null(False)
    return result


def _equals(text: ir.StringValue, value: Scalar) -> ir.BooleanValue:
    """Equality typed by the expected value: numbers compare as numbers, booleans as JSON words."""
    if isinstance(value, bool):
        return text == ("true" if value else "false")
    if isinstance(value, int | float):
        number: ir.FloatingValue = text.try_cast("float64")
        return number == float(value)
    return text == str(value)
