"""A chain's success markers beyond its goal, treatment against holdout and before against
after, each with an interval:

- `cart_recovery`: the share of entries that ordered any of the cart's items (the
  `products[].product_id` of the entry event) within the window; an entry whose event carries
  no products counts as recovered when it reached the chain's goal (for the seed shop's cart
  reminder the two are the same);
- `repeat_purchase`: the share of entries with at least two orders within the window;
- `trial_completion`: the share of entries with a completed trial (`Trial Lesson Completed`,
  or `trial_event`) within the window: the language school's engagement marker;
- `nps`: the mean `Survey Answered` score of kind (or scale) `nps` within the window, one mean
  per person, compared by Welch's t test; each arm also gets its NPS (% promoters 9-10 minus %
  detractors 0-6, in points).

Persons, arms and the window are those of `effect.chain_effect` (the runner's
`automation_states`, one row per person and chain; `basis`; entries whose window is still open
at `now` are left out). Orders and answers are the store's `events` of the same `person_id`
between the entry and the end of the window. The statistics are `journeymap.experiments`.

Before/after (chains entered by an event): the treatment arm (the "after" period runs from the
chain's first entry to its last counted one, at least one window long) against the persons who
did the entry event in a "before" period of the same length ending where the chain started,
each counted once from her first such event, her goal the first goal event (by name) within
the window. It says what changed since the chain started, holdout or not; the holdout
comparison says what the chain did.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from journeymap.i18n import N_
from journeymap.i18n import gettext as _
from journeymap.model.journey import JourneyMap
from journeymap.model.problems import HintedValueError
from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.effect import Basis
from journeymap.orchestrate.stage_entries import (
    first_stage_entries,
    register_before,
    unregister_before,
)
from journeymap.orchestrate.state import naive
from journeymap.store import Store
from journeymap.store.errors import StoreError

if TYPE_CHECKING:
    from journeymap.experiments import ArmSummary, Effect

MarkerName = Literal["cart_recovery", "repeat_purchase", "trial_completion", "nps"]
ORDER_EVENT = "Order Completed"
SURVEY_EVENT = "Survey Answered"
TRIAL_EVENT = "Trial Lesson Completed"
MARKER_LABELS: dict[MarkerName, str] = {
    "cart_recovery": N_("cart recovery"),
    "repeat_purchase": N_("repeat purchase"),
    "trial_completion": N_("trial completion"),
    "nps": N_("NPS score (mean)"),
}
"""Message ids of the markers' names (translate with `gettext`)."""


@dataclass(frozen=True)
class MarkerArm:
    """One group's marker: `units` counted (persons; for NPS those who answered), `value` (a
    share, or the mean score), `successes` (proportions) and `nps` (the NPS marker)."""

    units: int
    value: float | None
    successes: int | None = None
    variance: float = 0.0
    nps: float | None = None


@dataclass(frozen=True)
class Marker:
    name: MarkerName
    treatment: MarkerArm
    holdout: MarkerArm
    effect: Effect | None
    """None while an arm has no units (NPS: fewer than two answers)."""
    before: MarkerArm | None = None
    """The persons of the before period (None when the chain has no event or stage entry)."""
    before_after: Effect | None = None
    """The treatment arm against `before` (after - before)."""

    def row(self) -> dict[str, Any]:
        effect = self.effect
        change = self.before_after
        return {
            "marker": self.name,
            "treatment_units": self.treatment.units,
            "treatment_value": self.treatment.value,
            "treatment_nps": self.treatment.nps,
            "holdout_units": self.holdout.units,
            "holdout_value": self.holdout.value,
            "holdout_nps": self.holdout.nps,
            "difference": effect.difference if effect else None,
            "ci_low": effect.ci_low if effect else None,
            "ci_high": effect.ci_high if effect else None,
            "p_value": effect.p_value if effect else None,
            "method": effect.method if effect else None,
            "before_units": self.before.units if self.before else None,
            "before_value": self.before.value if self.before else None,
            "before_nps": self.before.nps if self.before else None,
            "change": change.difference if change else None,
            "change_ci_low": change.ci_low if change else None,
            "change_ci_high": change.ci_high if change else None,
            "change_p_value": change.p_value if change else None,
        }


@dataclass(frozen=True)
class ChainMarkers:
    chain_id: str
    window_seconds: float
    basis: Basis
    pending: int
    markers: list[Marker]
    before_period: tuple[datetime, datetime] | None = None
    """[start, end) of the before period (UTC, naive), None without an event or stage entry."""
    before_stage: str | None = None
    """The stage whose entries make the before side (a stage-entered chain)."""

    def rows(self) -> list[dict[str, Any]]:
        return [marker.row() for marker in self.markers]


_STATES = """
    SELECT s.person_id, s.entered_at, s.converted_at, s.context,
        CASE WHEN s.grp = 'treatment' THEN CASE WHEN EXISTS (
            SELECT 1 FROM automation_sends d
            WHERE d.chain_id = s.chain_id AND d.person_id = s.person_id
              AND d.entries = s.entries AND d.status = 'sent'
        ) THEN 'treated' ELSE 'unsent' END ELSE 'holdout' END AS arm
    FROM automation_states s
    WHERE s.chain_id = $chain
"""
_BEFORE = """
    SELECT person_id, entered_at, (
            SELECT min(g.timestamp) FROM events g
            WHERE g.person_id = b.person_id AND g.type = 'track' AND g.event = $goal_event
              AND g.timestamp >= b.entered_at
              AND g.timestamp <= b.entered_at + to_seconds($window)
        ) AS converted_at, context, 'before' AS arm
    FROM ({source}) b
"""
_EVENT_BEFORE = """
    SELECT person_id, entered_at, context FROM (
        SELECT e.person_id, e.timestamp AS entered_at, e.properties AS context,
            row_number() OVER (PARTITION BY e.person_id ORDER BY e.timestamp, e.seq) AS n
        FROM events e
        WHERE e.type = 'track' AND e.event = $entry_event
          AND e.timestamp >= $before_from AND e.timestamp < $before_until {filters}
    ) WHERE n = 1
"""
_STAGE_BEFORE = (
    "SELECT person_id, entered_at, CAST(context AS JSON) AS context FROM journeymap_stage_before"
)
_COUNTS = """
WITH entries AS ({entries}),
persons AS (
    SELECT person_id, arm, entered_at, converted_at,
        entered_at + to_seconds($window) AS closes,
        coalesce(json_extract_string(context, '$.products[*].product_id'), []) AS cart
    FROM entries
),
orders AS (
    SELECT p.person_id, p.arm, count(*) AS orders,
        bool_or(list_has_any(p.cart, coalesce(
            json_extract_string(e.properties, '$.products[*].product_id'), []
        ))) AS cart_ordered
    FROM persons p JOIN events e
      ON e.person_id = p.person_id AND e.type = 'track' AND e.event = $order_event
     AND e.timestamp >= p.entered_at AND e.timestamp <= p.closes
    GROUP BY p.person_id, p.arm
),
trials AS (
    SELECT DISTINCT p.person_id, p.arm
    FROM persons p JOIN events e
      ON e.person_id = p.person_id AND e.type = 'track' AND e.event = $trial_event
     AND e.timestamp >= p.entered_at AND e.timestamp <= p.closes
),
answers AS (
    SELECT p.person_id, p.arm, avg(a.score) AS score
    FROM persons p JOIN (
        SELECT person_id, timestamp,
            TRY_CAST(json_extract_string(properties, '$.score') AS DOUBLE) AS score,
            lower(coalesce(json_extract_string(properties, '$.kind'),
                           json_extract_string(properties, '$.scale'))) AS kind
        FROM events WHERE type = 'track' AND event = $survey_event
    ) a ON a.person_id = p.person_id AND a.timestamp >= p.entered_at AND a.timestamp <= p.closes
    WHERE a.kind = 'nps' AND a.score BETWEEN 0 AND 10
    GROUP BY p.person_id, p.arm
)
SELECT
    p.arm,
    p.entered_at > $cutoff AS pending,
    count(*) AS persons,
    count(*) FILTER (WHERE CASE WHEN len(p.cart) > 0 THEN coalesce(o.cart_ordered, false)
        ELSE p.converted_at IS NOT NULL AND p.converted_at <= p.closes END) AS recovered,
    count(*) FILTER (WHERE coalesce(o.orders, 0) >= 2) AS repeated,
    count(t.person_id) AS trials,
    count(n.score) AS answered,
    coalesce(sum(n.score), 0) AS score_sum,
    coalesce(sum(n.score * n.score), 0) AS score_squares,
    count(*) FILTER (WHERE n.score >= 9) AS promoters,
    count(*) FILTER (WHERE n.score <= 6) AS detractors
FROM persons p LEFT JOIN orders o USING (person_id, arm) LEFT JOIN trials t USING (person_id, arm)
LEFT JOIN answers n USING (person_id, arm)
GROUP BY ALL
"""
_SUMS = ("persons", "recovered", "repeated", "trials", "answered", "score_sum", "score_squares")
_FIELDS = (*_SUMS, "promoters", "detractors")
_PROPORTIONS: tuple[tuple[MarkerName, str], ...] = (
    ("cart_recovery", "recovered"),
    ("repeat_purchase", "repeated"),
    ("trial_completion", "trials"),
)


def chain_markers(
    store: Store,
    chain: Chain,
    *,
    now: datetime | None = None,
    basis: Basis = "assigned",
    window: timedelta | None = None,
    order_event: str = ORDER_EVENT,
    survey_event: str = SURVEY_EVENT,
    trial_event: str = TRIAL_EVENT,
    alpha: float = 0.05,
    maps: Mapping[str, JourneyMap] | None = None,
) -> ChainMarkers:
    """Cart recovery, repeat purchase, trial completion and NPS of the chain's entries,
    treatment against holdout and against the before period, within `window` (default: the
    goal's window) after each entry. A chain entered by a stage needs its map in `maps` for
    the before side (without it the markers have no before side)."""
    if window is None:
        if chain.goal is None:
            raise HintedValueError(
                _("chain {chain} has no goal to measure", chain=chain.id),
                hint=_(
                    "give the chain a goal: {example}", example="goal: {event: ..., window: 7d}"
                ),
            )
        window = chain.goal.window
    if store.engine != "duckdb":
        raise StoreError(_("automations run on a DuckDB store"))
    cutoff = naive(now - window) if now is not None else datetime.max
    parameters: dict[str, Any] = {
        "chain": chain.id,
        "window": window.total_seconds(),
        "order_event": order_event,
        "survey_event": survey_event,
        "trial_event": trial_event,
        "cutoff": cutoff,
    }
    period = _before_period(store, chain, cutoff, window)
    stage_entries = None
    if period is not None and chain.entry.stage is not None:
        stage_entries = first_stage_entries(store, chain, maps or {}, *period)
        if stage_entries is None:  # the chain's map is not loaded: no before side
            period = None
    entries = _STATES
    if period is not None:
        entries += " UNION ALL " + _BEFORE.format(source=_before_source(chain, period, parameters))
    if stage_entries is not None:
        register_before(store, stage_entries)
    try:
        rows = store.duckdb.execute(_COUNTS.format(entries=entries), parameters).fetchall()
    finally:
        if stage_entries is not None:
            unregister_before(store)
    totals: dict[str, dict[str, float]] = {}
    pending = 0
    for arm, is_pending, *values in rows:
        if is_pending:
            pending += int(values[0])
            continue
        total = totals.setdefault(arm, dict.fromkeys(_FIELDS, 0.0))
        for field, value in zip(_FIELDS, values, strict=True):
            total[field] += float(value)
    arms = ("treated", "unsent") if basis == "assigned" else ("treated",)
    treatment = _merge([totals[a] for a in arms if a in totals])
    holdout = _merge([totals["holdout"]] if "holdout" in totals else [])
    before = _merge([totals["before"]] if "before" in totals else []) if period else None
    markers = [
        _proportion(name, treatment, holdout, before, field, alpha) for name, field in _PROPORTIONS
    ]
    markers.append(_scores(treatment, holdout, before, alpha))
    stage = chain.entry.stage if period else None
    return ChainMarkers(chain.id, window.total_seconds(), basis, pending, markers, period, stage)


def _before_source(
    chain: Chain, period: tuple[datetime, datetime], parameters: dict[str, Any]
) -> str:
    """The SQL of the before side's entries (adding its `parameters`): the first entry event
    of each person in the period, or for a stage entry the table that
    `stage_entries.register_before` registers."""
    parameters["goal_event"] = chain.goal.event if chain.goal else ""
    if chain.entry.event is None:
        return _STAGE_BEFORE
    filters = ""
    for n, (name, value) in enumerate(sorted(chain.entry.properties.items())):
        filters += f" AND json_extract_string(e.properties, $path{n}) = $value{n}"
        parameters[f"path{n}"] = f"$.{name}"
        parameters[f"value{n}"] = value if isinstance(value, str) else json.dumps(value)
    parameters |= {
        "entry_event": chain.entry.event,
        "before_from": period[0],
        "before_until": period[1],
    }
    return _EVENT_BEFORE.format(filters=filters)


def _before_period(
    store: Store, chain: Chain, cutoff: datetime, window: timedelta
) -> tuple[datetime, datetime] | None:
    """[start - length, start) where the chain started at `start` and its counted entries span
    `length` (at least one window); None for chains not entered by an event or a stage, or
    not run."""
    if chain.entry.event is None and chain.entry.stage is None:
        return None
    row = store.duckdb.execute(
        "SELECT min(entered_at), max(entered_at) FILTER (WHERE entered_at <= ?) "
        "FROM automation_states WHERE chain_id = ?",
        [cutoff, chain.id],
    ).fetchone()
    if not row or row[0] is None:
        return None
    start, last = row[0], row[1] or row[0]
    length = max(last - start, window)
    return start - length, start


def _merge(parts: list[dict[str, float]]) -> dict[str, float]:
    return {field: sum(part[field] for part in parts) for field in _FIELDS}


def _proportion(  # noqa: PLR0917 - the arms of one marker
    name: MarkerName,
    treatment: dict[str, float],
    holdout: dict[str, float],
    before: dict[str, float] | None,
    field: str,
    alpha: float,
) -> Marker:
    from journeymap.experiments import proportion, two_proportion_test

    def arm(total: dict[str, float]) -> MarkerArm:
        units, hits = int(total["persons"]), int(total[field])
        return MarkerArm(units, hits / units if units else None, hits)

    def compare(control: MarkerArm, treated: MarkerArm) -> Effect | None:
        if not (control.units and treated.units):
            return None
        return two_proportion_test(
            proportion(control.successes or 0, control.units),
            proportion(treated.successes or 0, treated.units),
            alpha=alpha,
        )

    treated = arm(treatment)
    control = arm(holdout)
    earlier = arm(before) if before is not None else None
    change = compare(earlier, treated) if earlier is not None else None
    return Marker(name, treated, control, compare(control, treated), earlier, change)


def _scores(
    treatment: dict[str, float],
    holdout: dict[str, float],
    before: dict[str, float] | None,
    alpha: float,
) -> Marker:
    from journeymap.experiments import welch_t_test

    def arm(total: dict[str, float]) -> MarkerArm:
        n = int(total["answered"])
        if not n:
            return MarkerArm(0, None)
        mean = total["score_sum"] / n
        variance = (total["score_squares"] - n * mean**2) / (n - 1) if n > 1 else 0.0
        nps = 100 * (total["promoters"] - total["detractors"]) / n
        return MarkerArm(n, mean, variance=max(variance, 0.0), nps=nps)

    def compare(control: MarkerArm, treated: MarkerArm) -> Effect | None:
        if control.units < 2 or treated.units < 2:  # a variance needs two
            return None
        return welch_t_test(
            _summary(control), _summary(treated), alpha=alpha, method="Welch t (NPS score)"
        )

    treated, control = arm(treatment), arm(holdout)
    earlier = arm(before) if before is not None else None
    change = compare(earlier, treated) if earlier is not None else None
    return Marker("nps", treated, control, compare(control, treated), earlier, change)


def _summary(arm: MarkerArm) -> ArmSummary:
    from journeymap.experiments import ArmSummary

    mean = arm.value if arm.value is not None else float("nan")
    return ArmSummary(n=arm.units, mean=mean, variance=arm.variance, baseline_mean=mean)
