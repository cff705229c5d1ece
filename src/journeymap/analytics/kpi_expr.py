"""The KPI expression language of `KPI.measure`.

    measure    := function "(" operand ")"  |  function "(" operand "->" operand ")"
    function   := conversion | median_time | p90_time          (take "A -> B")
                | abandonment                                  (takes "A -> B")
                | count | persons | rate | repeat_rate         (take one operand)
                | nps | csat | ces                             (a touchpoint or stage)
    operand    := [event: | touchpoint: | stage:] name

Without a prefix a name is a touchpoint id of the map, else a stage id, else an event name.
Names may contain spaces (`rate(Order Completed)`); function names are case-insensitive.

| function | value |
|---|---|
| `conversion(A -> B)` | persons with B at or after their first A / persons with A |
| `median_time(A -> B)`, `p90_time(A -> B)` | seconds from the first A to the first B after it |
| `count(X)` | number of X events |
| `persons(X)` | persons with X |
| `rate(X)` | persons with X / all persons with any event |
| `repeat_rate(X)` | persons with X at least twice / persons with X (see below) |
| `abandonment(A -> B)` | persons with A and no B at or after it / persons with A (1 - conversion) |
| `nps(X)` | NPS of the survey answers about touchpoint or stage X (-100..100) |
| `csat(X)` | share of CSAT answers 4-5 about X |
| `ces(X)` | mean CES answer about X (1-7, 7 = very easy) |

`repeat_rate` counts two X events as twice, or two distinct UTC days with X when evaluated with
`repeat_by="days"`: the rule of `analytics.repeat_counts`, shared with `repeat_purchase`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journeymap.analytics.steps import KINDS, Step, StepKind
from journeymap.model.journey import JourneyMap

SURVEY_FUNCTIONS = ("nps", "csat", "ces")
"""Of a touchpoint or stage, from `Survey Answered` events (`analytics.kpi_survey`)."""
DROP_FUNCTIONS = ("abandonment",)
"""`abandonment(A -> B)`: persons with A and no B after it / persons with A."""
PAIR_FUNCTIONS = ("conversion", "median_time", "p90_time", *DROP_FUNCTIONS)
SINGLE_FUNCTIONS = ("count", "persons", "rate", "repeat_rate", *SURVEY_FUNCTIONS)
FUNCTIONS = PAIR_FUNCTIONS + SINGLE_FUNCTIONS
SHARE_FUNCTIONS = ("conversion", "rate", "repeat_rate", *DROP_FUNCTIONS)
SHARE_VALUED = (*SHARE_FUNCTIONS, "csat")
"""Functions whose value is a share (shown times 100 with `unit: %`)."""
TIME_FUNCTIONS = ("median_time", "p90_time")

_CALL = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*$", re.DOTALL)


class KPIExpressionError(ValueError):
    """A `measure` that cannot be read; the message names the KPI."""

    def __init__(self, kpi_id: str, measure: str, problem: str) -> None:
        self.kpi_id = kpi_id
        self.measure = measure
        self.problem = problem
        super().__init__(f"KPI {kpi_id}: cannot read measure {measure!r}: {problem}")


@dataclass(frozen=True)
class Measure:
    function: str
    operands: tuple[Step, ...]

    def __str__(self) -> str:
        return f"{self.function}({' -> '.join(s.label for s in self.operands)})"


def parse_measure(text: str, journey: JourneyMap, kpi_id: str = "?") -> Measure:
    """Parse one measure; names resolve against the map (touchpoint, then stage) or events."""
    match = _CALL.match(text)
    if not match:
        raise KPIExpressionError(
            kpi_id, text, f"expected function(arguments) with a function of {', '.join(FUNCTIONS)}"
        )
    function, inner = match.group(1).lower(), match.group(2)
    if function not in FUNCTIONS:
        raise KPIExpressionError(
            kpi_id, text, f"unknown function {function!r}; known: {', '.join(FUNCTIONS)}"
        )
    parts = [p.strip() for p in inner.split("->")]
    if any(not p for p in parts):
        raise KPIExpressionError(kpi_id, text, "an operand is empty")
    if function in PAIR_FUNCTIONS and len(parts) != 2:
        raise KPIExpressionError(kpi_id, text, f"{function} takes two operands: {function}(A -> B)")
    if function in SINGLE_FUNCTIONS and len(parts) != 1:
        raise KPIExpressionError(kpi_id, text, f"{function} takes one operand: {function}(X)")
    measure = Measure(function, tuple(_operand(p, journey, kpi_id, text) for p in parts))
    _check_survey_operand(measure, journey, kpi_id, text)
    return measure


def _check_survey_operand(measure: Measure, journey: JourneyMap, kpi_id: str, text: str) -> None:
    """`nps(X)` and its kind are about a touchpoint or a stage of the map, never an event."""
    if measure.function not in SURVEY_FUNCTIONS or measure.operands[0].kind != "event":
        return
    known = [*_map_ids(journey, "touchpoint"), *_map_ids(journey, "stage")]
    raise KPIExpressionError(
        kpi_id,
        text,
        f"{measure.function} takes a touchpoint or stage id of the map, not "
        f"{measure.operands[0].value!r} (known: {', '.join(known)})",
    )


def _operand(text: str, journey: JourneyMap, kpi_id: str, measure: str) -> Step:
    prefix, sep, rest = text.partition(":")
    if sep and prefix.strip() in KINDS:
        kind: StepKind = prefix.strip()  # type: ignore[assignment]
        name = rest.strip()
        if not name:
            raise KPIExpressionError(kpi_id, measure, f"no name after {prefix}:")
        known = _map_ids(journey, kind)
        if kind != "event" and name not in known:
            raise KPIExpressionError(
                kpi_id, measure, f"no {kind} {name!r} in the map (known: {', '.join(known)})"
            )
        return Step(kind, name)
    if text in _map_ids(journey, "touchpoint"):
        return Step("touchpoint", text)
    if text in _map_ids(journey, "stage"):
        return Step("stage", text)
    return Step("event", text)


def _map_ids(journey: JourneyMap, kind: StepKind) -> list[str]:
    if kind == "touchpoint":
        return [t.id for t in journey.touchpoints]
    if kind == "stage":
        return [s.id for s in journey.stages]
    return []
