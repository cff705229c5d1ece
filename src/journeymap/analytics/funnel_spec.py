"""The validated description of a funnel, shared by the chain builder and the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import ibis
import ibis.expr.types as ir

from journeymap.analytics.durations import milliseconds, parse_duration
from journeymap.analytics.jsonpath import json_text
from journeymap.analytics.steps import Step
from journeymap.i18n import gettext

Order = Literal["ordered", "strict", "unordered"]
CountMode = Literal["persons", "conversions"]
ORDERS: tuple[Order, ...] = ("ordered", "strict", "unordered")
JSON_COLUMNS = ("properties", "context", "traits")


@dataclass(frozen=True)
class Exclusion:
    """Events of `step` between funnel steps `start` and `end` (0-based) disqualify a chain."""

    step: Step
    start: int = 0
    end: int = -1


@dataclass(frozen=True)
class FunnelSpec:
    steps: tuple[Step, ...]
    order: Order
    window_ms: int
    step_windows_ms: tuple[int | None, ...]
    """One per step; entry j bounds the time from the previous required step to step j."""
    exclusions: tuple[Exclusion, ...]
    optional: frozenset[int]
    breakdown: str | None
    attribution: str
    count: CountMode

    @property
    def n(self) -> int:
        return len(self.steps)

    @property
    def required(self) -> list[int]:
        return [j for j in range(self.n) if j not in self.optional]

    def previous_required(self, j: int) -> int:
        return max(r for r in self.required if r < j)

    def next_required(self, j: int) -> int | None:
        later = [r for r in self.required if r > j]
        return later[0] if later else None

    @property
    def attributed_step(self) -> int | None:
        """For `step:N` attribution, the 0-based step index."""
        if self.attribution.startswith("step:"):
            return int(self.attribution.split(":", 1)[1]) - 1
        return None


def make_spec(
    steps: Sequence[Step],
    *,
    window: str | dt.timedelta,
    order: Order,
    step_windows: Sequence[str | dt.timedelta | None] | None,
    exclusions: Sequence[Exclusion],
    optional_steps: Sequence[int],
    breakdown: str | None,
    breakdown_attribution: str,
    count: CountMode,
) -> FunnelSpec:
    """Check the options against each other; ValueError with a readable message otherwise."""
    n = len(steps)
    if n < 1:
        raise ValueError(gettext("a funnel needs at least one step"))
    if order not in ORDERS:
        raise ValueError(
            gettext(
                "order must be one of {orders}, not {order!r}",
                orders=", ".join(ORDERS),
                order=order,
            )
        )
    if count not in ("persons", "conversions"):
        raise ValueError(
            gettext("count must be 'persons' or 'conversions', not {count!r}", count=count)
        )
    optional = frozenset(optional_steps)
    if any(not 0 < j < n for j in optional):
        raise ValueError(
            gettext("optional steps are 1-based indexes 2..{n} (step 1 is required)", n=n)
        )
    windows = _step_windows(step_windows, n)
    fixed = _exclusions(exclusions, n, optional)
    _check_attribution(breakdown_attribution, n)
    if order == "unordered":
        if len(set(steps)) != n:
            raise ValueError(gettext("an unordered funnel needs distinct steps"))
        if optional or step_windows is not None or exclusions:
            raise ValueError(
                gettext("optional steps, step windows and exclusions need an ordered funnel")
            )
        if breakdown_attribution != "first_touch" or count != "persons":
            raise ValueError(
                gettext("an unordered funnel supports first_touch breakdowns and persons")
            )
    if order == "strict" and optional:
        raise ValueError(gettext("a strict funnel cannot have optional steps"))
    return FunnelSpec(
        steps=tuple(steps),
        order=order,
        window_ms=milliseconds(parse_duration(window)),
        step_windows_ms=tuple(windows),
        exclusions=tuple(fixed),
        optional=optional,
        breakdown=breakdown,
        attribution=breakdown_attribution,
        count=count,
    )


def _step_windows(
    step_windows: Sequence[str | dt.timedelta | None] | None, n: int
) -> list[int | None]:
    windows: list[int | None] = [None] * n
    if step_windows is not None:
        if len(step_windows) != n - 1:
            raise ValueError(
                gettext(
                    "step_windows needs {count} entries (one per step after the first)", count=n - 1
                )
            )
        windows[1:] = [None if w is None else milliseconds(parse_duration(w)) for w in step_windows]
    return windows


def _exclusions(
    exclusions: Sequence[Exclusion], n: int, optional: frozenset[int]
) -> list[Exclusion]:
    fixed: list[Exclusion] = []
    for exclusion in exclusions:
        end = exclusion.end if exclusion.end >= 0 else n - 1
        if not 0 <= exclusion.start < end < n or {exclusion.start, end} & optional:
            raise ValueError(
                gettext(
                    "exclusion {label} needs two different required steps, start before end (got "
                    "{start}..{end})",
                    label=exclusion.step.label,
                    start=exclusion.start + 1,
                    end=end + 1,
                )
            )
        fixed.append(Exclusion(exclusion.step, exclusion.start, end))
    return fixed


def _check_attribution(attribution: str, n: int) -> None:
    if attribution in ("first_touch", "last_touch"):
        return
    _, sep, number = attribution.partition(":")
    if not (sep and attribution.startswith("step:") and number.isdigit()):
        raise ValueError(gettext("breakdown_attribution is first_touch, last_touch or step:N"))
    if not 1 <= int(number) <= n:
        raise ValueError(
            gettext(
                "breakdown_attribution step:{number} is not a step (1..{n})", number=number, n=n
            )
        )


def breakdown_value(events: ir.Table, breakdown: str | None) -> ir.StringValue:
    """The breakdown of each event as text: a column, `properties.x`/`context.x`/`traits.x`, or
    a bare key of `properties`."""
    if breakdown is None:
        null: ir.StringValue = ibis.null().cast("string")
        return null
    if breakdown in events.columns:
        value: ir.StringValue = events[breakdown].cast("string")
        return value
    head, sep, rest = breakdown.partition(".")
    if sep and head in JSON_COLUMNS:
        return json_text(events[head], rest)
    return json_text(events.properties, breakdown)
