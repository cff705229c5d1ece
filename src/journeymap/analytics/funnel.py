"""Funnels with PostHog semantics, in Ibis (identical on DuckDB and PySpark).

A person reaches step k when events for steps 1..k exist in order (each at the same time or
later than the previous, each a different event) with step k no later than `window` after step
1; every occurrence of step 1 may start a chain and the person's best chain counts. See
`funnel_chains` for how chains are built, `funnel_arrays` for the faster DuckDB path of ordered
funnels, and docs/analytics.md for the full rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import ibis.expr.types as ir

from journeymap.analytics.funnel_arrays import array_chains, covers
from journeymap.analytics.funnel_chains import best_chains, chains
from journeymap.analytics.funnel_result import FunnelResult
from journeymap.analytics.funnel_spec import CountMode, Exclusion, Order, make_spec
from journeymap.analytics.steps import KINDS, Step, resolve_steps


def funnel(
    events: ir.Table,
    steps: Sequence[str | Step],
    *,
    window: str | dt.timedelta = "14d",
    order: Order = "ordered",
    step_windows: Sequence[str | dt.timedelta | None] | None = None,
    exclusions: Sequence[str | Step | Exclusion] = (),
    optional_steps: Sequence[int] = (),
    breakdown: str | None = None,
    breakdown_attribution: str = "first_touch",
    count: CountMode = "persons",
) -> FunnelResult:
    """The funnel over `events` (raw or bound by `bind_events`).

    - `steps`: event names, `touchpoint:ID`, `stage:ID`, or plain names (looked up as event,
      touchpoint, stage), or `Step` objects. Unknown names raise `UnknownNameError`.
    - `window`: the longest time from step 1 to the last step (`30m`, `2h`, `7d`, `1w`).
    - `order`: `ordered` (other events may come between steps), `strict` (the next step must be
      the person's very next event) or `unordered` (any order within the window).
    - `step_windows`: one entry per step after the first: the longest time from the previous
      required step (None: only the overall window).
    - `exclusions`: steps whose events between two funnel steps disqualify a chain; a plain
      name or Step excludes between the first and the last step.
    - `optional_steps`: 1-based step numbers (not the first) that a chain may skip.
    - `breakdown`: a column (`channel`), `properties.KEY`, `context.KEY`, `traits.KEY` or a bare
      properties key; `breakdown_attribution`: `first_touch`, `last_touch` or `step:N` (the
      value on the chain's step-1, deepest or N-th event).
    - `count`: `persons` (each person once, best chain) or `conversions` (every entry counts).
    """
    options: dict[str, Any] = {
        "window": window,
        "order": order,
        "step_windows": step_windows,
        "optional_steps": [j - 1 for j in optional_steps],
        "breakdown": breakdown,
        "breakdown_attribution": breakdown_attribution,
        "count": count,
    }
    arrays = True  # whether the DuckDB array path may take it
    if not exclusions:
        fast, arrays = _event_steps_funnel(events, steps, options)
        if fast is not None:
            return fast
    names = [s for s in steps if isinstance(s, str)]
    excluded = [e for e in exclusions if isinstance(e, str)]
    resolved = iter(resolve_steps(events, [*names, *excluded]) if names or excluded else [])
    step_list = [next(resolved) if isinstance(s, str) else s for s in steps]
    exclusion_list: list[Exclusion] = []
    for exclusion in exclusions:
        if isinstance(exclusion, Exclusion):
            exclusion_list.append(exclusion)
        else:
            step = next(resolved) if isinstance(exclusion, str) else exclusion
            exclusion_list.append(Exclusion(step))
    spec = make_spec(step_list, exclusions=exclusion_list, **options)
    if arrays and covers(events, spec):  # DuckDB: one sort at most, then array passes
        found = array_chains(events, spec)
        if found is not None:
            return FunnelResult(spec=spec, chains=found.chains, totals=found.totals)
    all_chains = chains(events, spec)
    counted = all_chains if spec.count == "conversions" else best_chains(all_chains)
    return FunnelResult(spec=spec, chains=counted)


def _event_steps_funnel(
    events: ir.Table, steps: Sequence[str | Step], options: dict[str, Any]
) -> tuple[FunnelResult | None, bool]:
    """The funnel on the DuckDB path, its step names taken for event names without looking
    them up first (a scan of every event's name, 20 ms at 10M events): right when the pass
    sees an event of every named step (the lookup takes a name for an event's first). None
    otherwise, and the lookup decides: plain names on bound events (they may be touchpoints
    or stages), names of no event of a person (unknown names: an error), other engines. And
    whether the array path may take the funnel: not where it found an event without a
    timestamp (the same steps, once looked up, would find it again)."""
    assumed: list[Step] = []
    bound = any(kind in events.columns for kind in KINDS if kind != "event")
    for step in steps:
        if isinstance(step, Step):
            assumed.append(step)
            continue
        prefix, sep, rest = step.partition(":")
        if sep and prefix in KINDS:
            if prefix != "event":
                return None, True
            assumed.append(Step("event", rest))
        elif bound:  # a plain name may be a touchpoint's or a stage's: look it up
            return None, True
        else:
            assumed.append(Step("event", step))
    try:
        spec = make_spec(assumed, exclusions=[], **options)
    except ValueError:
        return None, True  # the general order of checks says what is wrong
    if not covers(events, spec):
        return None, True
    found = array_chains(events, spec)
    if found is None:
        return None, False
    named = [j for j, step in enumerate(steps) if isinstance(step, str)]
    if any(not found.seen & (1 << j) for j in named):
        return None, True
    return FunnelResult(spec=spec, chains=found.chains, totals=found.totals), True
