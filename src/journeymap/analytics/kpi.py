"""Evaluating the KPIs of a map against events (the language is in `kpi_expr`).

Shares (`conversion`, `rate`, `repeat_rate`) are fractions, reported in percent when the KPI's
`unit` is `%`. Times are seconds, converted when the unit is `minutes`/`min`, `hours`/`h` or
`days`/`d`. Status: `met` when the value reaches the target in the KPI's `direction` (at least the
target for `increase`, at most for `decrease`), `not met` otherwise; `no target`, `no data` (the
denominator is empty) and `error` (the measure cannot be read or names an unknown event) are
reported as such, never raised, so one bad KPI does not hide the others.

`effect(CHAIN[, MARKER])` KPIs are the chain's lift against its holdout (`analytics.kpi_effect`),
with `ci_low`/`ci_high`; their status compares the point estimate with the target, like every
KPI's, and the interval says how sure that is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import ibis

from journeymap.analytics.bind import bind_events
from journeymap.analytics.clock import epoch_micros, seconds
from journeymap.analytics.costs.kpi_costs import CostMeasureError, CostSettings
from journeymap.analytics.event_order import source_order
from journeymap.analytics.kpi_effect import SHARE_MARKERS, EffectLookup
from journeymap.analytics.kpi_expr import (
    COST_FUNCTIONS,
    DROP_FUNCTIONS,
    EFFECT_FUNCTION,
    SHARE_FUNCTIONS,
    SHARE_VALUED,
    SURVEY_FUNCTIONS,
    TIME_FUNCTIONS,
    KPIExpressionError,
    Measure,
    parse_measure,
)
from journeymap.analytics.repeat_counts import (
    DEFAULT_REPEAT_BY,
    RepeatBy,
    purchase_occasions,
    repeat_counts,
)
from journeymap.analytics.segmentation import person_column
from journeymap.analytics.steps import Step, available_names, closest
from journeymap.i18n import gettext as _
from journeymap.model.journey import JourneyMap

_TIME_UNITS = {"minutes": 60, "min": 60, "hours": 3600, "h": 3600, "days": 86400, "d": 86400}


@dataclass(frozen=True)
class KPIResult:
    kpi: str
    stage: str
    name: str
    measure: str | None
    value: float | None
    unit: str | None
    target: float | None
    direction: str
    status: str
    persons: int | None
    """Persons in the denominator (or with the event, for counts)."""
    message: str | None = None
    ci_low: float | None = None
    """`effect` KPIs: the interval of the lift (in the KPI's unit), else None."""
    ci_high: float | None = None
    segments: list[dict[str, Any]] | None = None
    """`effect(..., by=SPEC)` KPIs: per segment `segment`, `lift`, `ci_low`, `ci_high` (in the
    KPI's unit), `p_value`, `p_adjusted` (Holm across the segments) and `persons`."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def evaluate_kpis(
    events: ibis.Table,
    journey: JourneyMap,
    *,
    event_names: Sequence[str] | None = None,
    repeat_by: RepeatBy = DEFAULT_REPEAT_BY,
    costs: CostSettings | None = None,
    effects: EffectLookup | None = None,
) -> list[KPIResult]:
    """Every KPI of every stage, in map order.

    Event operands are checked against `event_names` (default: the names in `events`); pass
    the names of a larger table when `events` is a part of it, e.g. one segment's persons.
    `repeat_rate` counts purchases `by` orders or distinct days, as `repeat_purchase` does.
    `romi`, `cac`, `cpa` and `drr` read spend from `costs` (no data without it), `effect`
    KPIs the chains' runs through `effects` (no data without it).
    """
    names = None if event_names is None else list(event_names)
    prepared = prepare_kpi_events(events, journey)
    if _materialised_bound(events):
        # the KPI columns are a cheap projection of a stored table: copying it (JSON and all)
        # once more costs more than computing them in each KPI query (the report's case)
        return _evaluate(prepared, journey, names, repeat_by, costs, effects)
    with prepared.cache() as cached:
        return _evaluate(cached, journey, names, repeat_by, costs, effects)


def _materialised_bound(events: ibis.Table) -> bool:
    """True for events already bound to the map and stored as a table (cached, or a table of
    the backend), which each query reads without redoing the binding."""
    from ibis.expr.operations import DatabaseTable

    return "stage" in events.columns and isinstance(events.op(), DatabaseTable)


def prepare_kpi_events(events: ibis.Table, journey: JourneyMap) -> ibis.Table:
    """Events bound to the map (unless they are) with `person`, `at` (microseconds since the
    epoch) and `tie` (source order): the table `measure_value`, `share_counts` and
    `reach_seconds` read."""
    bound = events if "stage" in events.columns else bind_events(events, journey)
    # Binding parses JSON per event: callers cache this once instead of once per KPI query.
    return bound.mutate(
        person=person_column(bound), at=epoch_micros(bound.timestamp), tie=source_order(bound)
    )


def _evaluate(  # noqa: PLR0917 - evaluate_kpis's settings, passed on
    bound: ibis.Table,
    journey: JourneyMap,
    event_names: list[str] | None,
    repeat_by: RepeatBy,
    costs: CostSettings | None = None,
    effects: EffectLookup | None = None,
) -> list[KPIResult]:
    results: list[KPIResult] = []
    for stage in journey.stages:
        for kpi in stage.kpis:
            common: dict[str, Any] = {
                "kpi": kpi.id,
                "stage": stage.id,
                "name": kpi.name,
                "measure": kpi.measure,
                "unit": kpi.unit,
                "target": kpi.target,
                "direction": kpi.direction,
            }
            if not kpi.measure:
                results.append(KPIResult(**common, value=None, status="no measure", persons=None))
                continue
            try:
                measure = parse_measure(kpi.measure, journey, kpi.id)
                for step in measure.operands:
                    if step.kind == "event":
                        if event_names is None:
                            event_names = available_names(bound, "event")
                        if step.value not in event_names:
                            hint = closest(step.value, event_names)
                            near = f"; closest: {', '.join(hint)}" if hint else ""
                            raise KPIExpressionError(
                                kpi.id,
                                kpi.measure,
                                f"no touchpoint, stage or event named {step.value!r}{near}",
                            )
            except KPIExpressionError as error:
                results.append(
                    KPIResult(
                        **common, value=None, status="error", persons=None, message=str(error)
                    )
                )
                continue
            if measure.function in COST_FUNCTIONS:
                results.append(_cost_kpi(bound, measure, costs, common))
                continue
            if measure.function == EFFECT_FUNCTION:
                results.append(effect_kpi(measure, effects, common))
                continue
            raw, persons = measure_value(bound, measure, repeat_by=repeat_by, journey=journey)
            value = _in_unit(raw, measure.function, kpi.unit)
            results.append(
                KPIResult(
                    **common,
                    value=value,
                    status=_status(value, kpi.target, kpi.direction),
                    persons=persons,
                )
            )
    return results


def _cost_kpi(
    bound: ibis.Table, measure: Measure, costs: CostSettings | None, common: dict[str, Any]
) -> KPIResult:
    """A `romi`/`cac`/`cpa`/`drr` KPI: `no data` with the reason when costs cannot give it."""
    from journeymap.analytics.costs.currency import CurrencyError
    from journeymap.analytics.costs.kpi_costs import cost_measure_value

    try:
        raw, persons = cost_measure_value(bound, measure, costs)
    except CurrencyError as error:
        return KPIResult(**common, value=None, status="error", persons=None, message=str(error))
    except CostMeasureError as error:
        return KPIResult(**common, value=None, status="no data", persons=None, message=str(error))
    value = _in_unit(raw, measure.function, common["unit"])
    status = _status(value, common["target"], common["direction"])
    return KPIResult(**common, value=value, status=status, persons=persons)


def effect_kpi(measure: Measure, effects: EffectLookup | None, common: dict[str, Any]) -> KPIResult:
    """An `effect(...)` KPI: the lift and its interval in the KPI's unit (percentage points
    with `unit: %` for shares), `no data` with the reason when the lift cannot be told."""
    assert measure.effect is not None
    reason: str | None
    if effects is None:
        found = None
        reason = f"{measure} is measured from the chain's runs: run the report in the workspace"
    else:
        found = effects(measure.effect)
        reason = found.reason
    if found is None or found.lift is None:
        return KPIResult(**common, value=None, status="no data", persons=None, message=reason)
    percent = measure.effect.marker in SHARE_MARKERS and (common["unit"] or "").strip() == "%"
    scale = 100.0 if percent else 1.0

    def scaled(value: float | None) -> float | None:
        return None if value is None else value * scale

    value = found.lift * scale
    return KPIResult(
        **common,
        value=value,
        status=_status(value, common["target"], common["direction"]),
        persons=found.persons,
        ci_low=scaled(found.ci_low),
        ci_high=scaled(found.ci_high),
        segments=[
            {
                "segment": lift.segment,
                "lift": scaled(lift.lift),
                "ci_low": scaled(lift.ci_low),
                "ci_high": scaled(lift.ci_high),
                "p_value": lift.p_value,
                "p_adjusted": lift.p_adjusted,
                "persons": lift.persons,
            }
            for lift in found.segments
        ]
        if measure.effect.by
        else None,
    )


def measure_value(
    bound: ibis.Table,
    measure: Measure,
    *,
    repeat_by: RepeatBy = DEFAULT_REPEAT_BY,
    journey: JourneyMap | None = None,
) -> tuple[float | None, int]:
    """(value, persons behind it) of a parsed measure over events with `person` and `at`.
    `journey` lets a survey measure of a stage count answers about the stage's touchpoints."""
    function = measure.function
    if function in COST_FUNCTIONS:
        raise ValueError(
            _(
                "{function} reads ad costs: evaluate it with evaluate_kpis(costs=...)",
                function=function,
            )
        )
    if function == EFFECT_FUNCTION:
        raise ValueError(
            _(
                "{measure} reads chain runs: evaluate it with evaluate_kpis(effects=...)",
                measure=str(measure),
            )
        )
    if function in SURVEY_FUNCTIONS:
        from journeymap.analytics.kpi_survey import survey_measure_value

        return survey_measure_value(bound, measure, journey)
    first = _hits(bound, measure.operands[0])
    if function == "count":
        row = _one(first.aggregate(n=first.count(), persons=first.person.nunique()))
        return float(row["n"]), int(row["persons"])
    if function == "persons":
        persons = int(_one(first.aggregate(p=first.person.nunique()))["p"])
        return float(persons), persons
    if function in SHARE_FUNCTIONS:
        successes, persons = share_counts(bound, measure, repeat_by=repeat_by)
        return (successes / persons if persons else None), persons
    reached = reach_seconds(bound, measure)
    quantile = 0.5 if function == "median_time" else 0.9
    row = _one(reached.aggregate(q=reached.seconds.quantile(quantile), p=reached.count()))
    persons = int(row["p"])
    return (float(row["q"]) if persons else None), persons


def share_counts(
    bound: ibis.Table, measure: Measure, *, repeat_by: RepeatBy = DEFAULT_REPEAT_BY
) -> tuple[int, int]:
    """(persons counted, persons in the denominator) of `conversion`, `rate`, `repeat_rate`
    (the rule of `repeat_counts`, shared with the report's repeat-purchase section)."""
    first = _hits(bound, measure.operands[0])
    if measure.function == "rate":
        counts = _one(
            first.aggregate(hits=first.person.nunique()).cross_join(
                bound.aggregate(everyone=bound.person.nunique())
            )
        )
        return int(counts["hits"]), int(counts["everyone"])
    if measure.function == "repeat_rate":
        return repeat_counts(purchase_occasions(first, repeat_by))
    if measure.function not in ("conversion", *DROP_FUNCTIONS):
        raise ValueError(_("{function} is not a share", function=measure.function))
    starts = first.group_by("person").aggregate(start=first.at.min())
    reached = reach_seconds(bound, measure)
    # both counts in one query (two single-row aggregates side by side)
    counts = _one(
        reached.aggregate(converted=reached.count()).cross_join(
            starts.aggregate(started=starts.count())
        )
    )
    converted, started = int(counts["converted"]), int(counts["started"])
    if measure.function in DROP_FUNCTIONS:
        return started - converted, started
    return converted, started


def reach_seconds(bound: ibis.Table, measure: Measure) -> ibis.Table:
    """`person`, `seconds` from the person's first A to her first B at or after it (A -> B)."""
    first = _hits(bound, measure.operands[0])
    starts = first.group_by("person").aggregate(start=first.at.min())
    second = _hits(bound, measure.operands[1]).select("person", b_at="at")
    paired = second.join(starts, "person").filter(lambda t: t.b_at >= t.start)
    return paired.group_by("person").aggregate(seconds=seconds((paired.b_at - paired.start).min()))


def _hits(bound: ibis.Table, step: Step) -> ibis.Table:
    return bound.filter(step.matches(bound))


def _one(table: ibis.Table) -> dict[str, Any]:
    row: dict[str, Any] = table.to_pyarrow().to_pylist()[0]
    return row


def _in_unit(value: float | None, function: str, unit: str | None) -> float | None:
    if value is None or unit is None:
        return value
    if function in SHARE_VALUED and unit.strip() == "%":
        return value * 100
    if function in TIME_FUNCTIONS and unit.strip().lower() in _TIME_UNITS:
        return value / _TIME_UNITS[unit.strip().lower()]
    return value


def _status(value: float | None, target: float | None, direction: str) -> str:
    if value is None:
        return "no data"
    if target is None:
        return "no target"
    reached = value >= target if direction == "increase" else value <= target
    return "met" if reached else "not met"
