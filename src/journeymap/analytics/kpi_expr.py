"""The KPI expression language of `KPI.measure`.

    measure    := function "(" operand ")"  |  function "(" operand "->" operand ")"
    function   := conversion | median_time | p90_time          (take "A -> B")
                | abandonment                                  (takes "A -> B")
                | count | persons | rate | repeat_rate         (take one operand)
                | nps | csat | ces                             (a touchpoint or stage)
                | romi | cac | cpa | drr                       (a channel, see below)
    measure    := "effect(" chain [ "," marker ] [ "," "by=" spec ] ")"   (a chain's lift)
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
| `romi(C)` | (attributed revenue - spend) / spend of channel C |
| `cac(C)` | spend / attributed new customers (first orders) of C |
| `cpa(C)` | spend / attributed orders of C (cost per order) |
| `drr(C)` | ДРР: spend / attributed revenue of C (share of revenue spent on ads) |

The operand of the cost functions is a channel as the UTM source names it (`romi(yandex)`),
`campaign:NAME` (a UTM campaign) or `all` (every channel with costs); they read the store's
`costs` table and credit orders with an attribution model (`analytics.costs.kpi_costs`).

`effect(CHAIN)` is the lift of the chain's goal against its holdout, `effect(CHAIN, MARKER)` the
lift of one success marker (`cart_recovery`, `repeat_purchase`, `trial_completion`, `nps`), with
its interval; it reads the runner's records through an `EffectLookup` (`analytics.kpi_effect`).

`repeat_rate` counts two X events as twice, or two distinct UTC days with X when evaluated with
`repeat_by="days"`: the rule of `analytics.repeat_counts`, shared with `repeat_purchase`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journeymap.analytics.kpi_effect import EffectOperand
from journeymap.analytics.steps import KINDS, Step, StepKind
from journeymap.model.journey import JourneyMap

SURVEY_FUNCTIONS = ("nps", "csat", "ces")
"""Of a touchpoint or stage, from `Survey Answered` events (`analytics.kpi_survey`)."""
DROP_FUNCTIONS = ("abandonment",)
"""`abandonment(A -> B)`: persons with A and no B after it / persons with A."""
PAIR_FUNCTIONS = ("conversion", "median_time", "p90_time", *DROP_FUNCTIONS)
COST_FUNCTIONS = ("romi", "cac", "cpa", "drr")
"""Channel economics from ad costs (`analytics.costs.kpi_costs`); the operand is a channel."""
SINGLE_FUNCTIONS = ("count", "persons", "rate", "repeat_rate", *SURVEY_FUNCTIONS, *COST_FUNCTIONS)
EFFECT_FUNCTION = "effect"
FUNCTIONS = (*PAIR_FUNCTIONS, *SINGLE_FUNCTIONS, EFFECT_FUNCTION)
SHARE_FUNCTIONS = ("conversion", "rate", "repeat_rate", *DROP_FUNCTIONS)
SHARE_VALUED = (*SHARE_FUNCTIONS, "csat", "romi", "drr")
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
    """Events, touchpoints or stages; empty for the cost functions."""
    channel: ChannelOperand | None = None
    """The operand of a cost function."""
    effect: EffectOperand | None = None
    """The operand of `effect`."""

    def __str__(self) -> str:
        if self.effect is not None:
            return f"{self.function}({self.effect})"
        if self.channel is not None:
            return f"{self.function}({self.channel})"
        return f"{self.function}({' -> '.join(s.label for s in self.operands)})"


@dataclass(frozen=True)
class ChannelOperand:
    """`yandex` (by channel), `campaign:autumn` (by campaign) or `all` (the total)."""

    by: str
    label: str | None
    """Normalized (trimmed, lower-case) as costs are matched; None for `all`."""

    def __str__(self) -> str:
        if self.label is None:
            return "all"
        return self.label if self.by == "channel" else f"campaign:{self.label}"


def channel_operand(text: str) -> ChannelOperand:
    prefix, sep, rest = text.partition(":")
    if sep and prefix.strip().lower() in ("campaign", "channel"):
        return ChannelOperand(prefix.strip().lower(), rest.strip().lower() or None)
    if text.strip().lower() == "all":
        return ChannelOperand("channel", None)
    return ChannelOperand("channel", text.strip().lower())


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
    if function == EFFECT_FUNCTION:
        return Measure(function, (), effect=_effect_operand(text, inner, kpi_id))
    parts = [p.strip() for p in inner.split("->")]
    if any(not p for p in parts):
        raise KPIExpressionError(kpi_id, text, "an operand is empty")
    if function in PAIR_FUNCTIONS and len(parts) != 2:
        raise KPIExpressionError(kpi_id, text, f"{function} takes two operands: {function}(A -> B)")
    if function in SINGLE_FUNCTIONS and len(parts) != 1:
        raise KPIExpressionError(kpi_id, text, f"{function} takes one operand: {function}(X)")
    if function in COST_FUNCTIONS:
        prefix, sep, rest = parts[0].partition(":")
        if sep and not rest.strip():
            raise KPIExpressionError(kpi_id, text, f"no name after {prefix}:")
        return Measure(function, (), channel_operand(parts[0]))
    measure = Measure(function, tuple(_operand(p, journey, kpi_id, text) for p in parts))
    _check_survey_operand(measure, journey, kpi_id, text)
    return measure


def _effect_operand(text: str, inner: str, kpi_id: str) -> EffectOperand:
    from journeymap.model.measure_syntax import (
        EFFECT_MARKERS,
        effect_parts,
        effect_segment_problem,
    )

    chain, marker, by = effect_parts(inner)
    operands = inner.count(",") + 1
    if not chain or "->" in inner or operands > 2 + (by is not None) or operands > 3:
        raise KPIExpressionError(
            kpi_id,
            text,
            "effect takes effect(CHAIN), effect(CHAIN, MARKER) or effect(CHAIN, MARKER, by=SPEC)",
        )
    if marker not in EFFECT_MARKERS:
        raise KPIExpressionError(
            kpi_id, text, f"unknown marker {marker!r}; known: {', '.join(EFFECT_MARKERS)}"
        )
    problem = effect_segment_problem(by) if by is not None else None
    if problem is not None:
        raise KPIExpressionError(kpi_id, text, f"{problem[0]}; {problem[1]}")
    return EffectOperand(chain, marker, by)


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
