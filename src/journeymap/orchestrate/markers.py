"""A chain's success markers beyond its goal, treatment against holdout, each with an interval:

- `cart_recovery`: the share of entries that ordered any of the cart's items (the
  `products[].product_id` of the entry event) within the window; an entry whose event carries
  no products counts as recovered when it reached the chain's goal (for the seed shop's cart
  reminder the two are the same);
- `repeat_purchase`: the share of entries with at least two orders within the window;
- `nps`: the mean `Survey Answered` score of kind (or scale) `nps` within the window, one mean
  per person, compared by Welch's t test; each arm also gets its NPS (% promoters 9-10 minus %
  detractors 0-6, in points).

Persons, arms and the window are those of `effect.chain_effect` (the runner's
`automation_states`, one row per person and chain; `basis`; entries whose window is still open
at `now` are left out). Orders and answers are the store's `events` of the same `person_id`
between the entry and the end of the window. The statistics are `journeymap.experiments`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from journeymap.i18n import N_
from journeymap.i18n import gettext as _
from journeymap.model.problems import HintedValueError
from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.effect import Basis
from journeymap.orchestrate.state import naive
from journeymap.store import Store
from journeymap.store.errors import StoreError

if TYPE_CHECKING:
    from journeymap.experiments import ArmSummary, Effect

MarkerName = Literal["cart_recovery", "repeat_purchase", "nps"]
ORDER_EVENT = "Order Completed"
SURVEY_EVENT = "Survey Answered"
MARKER_LABELS: dict[MarkerName, str] = {
    "cart_recovery": N_("cart recovery"),
    "repeat_purchase": N_("repeat purchase"),
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

    def row(self) -> dict[str, Any]:
        effect = self.effect
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
        }


@dataclass(frozen=True)
class ChainMarkers:
    chain_id: str
    window_seconds: float
    basis: Basis
    pending: int
    markers: list[Marker]

    def rows(self) -> list[dict[str, Any]]:
        return [marker.row() for marker in self.markers]


_COUNTS = """
WITH persons AS (
    SELECT s.person_id, s.grp, s.entered_at, s.converted_at,
        s.entered_at + to_seconds($window) AS closes,
        coalesce(json_extract_string(s.context, '$.products[*].product_id'), []) AS cart,
        EXISTS (
            SELECT 1 FROM automation_sends d
            WHERE d.chain_id = s.chain_id AND d.person_id = s.person_id
              AND d.entries = s.entries AND d.status = 'sent'
        ) AS sent
    FROM automation_states s
    WHERE s.chain_id = $chain
),
orders AS (
    SELECT p.person_id, count(*) AS orders,
        bool_or(list_has_any(p.cart, coalesce(
            json_extract_string(e.properties, '$.products[*].product_id'), []
        ))) AS cart_ordered
    FROM persons p JOIN events e
      ON e.person_id = p.person_id AND e.type = 'track' AND e.event = $order_event
     AND e.timestamp >= p.entered_at AND e.timestamp <= p.closes
    GROUP BY p.person_id
),
answers AS (
    SELECT p.person_id, avg(a.score) AS score
    FROM persons p JOIN (
        SELECT person_id, timestamp,
            TRY_CAST(json_extract_string(properties, '$.score') AS DOUBLE) AS score,
            lower(coalesce(json_extract_string(properties, '$.kind'),
                           json_extract_string(properties, '$.scale'))) AS kind
        FROM events WHERE type = 'track' AND event = $survey_event
    ) a ON a.person_id = p.person_id AND a.timestamp >= p.entered_at AND a.timestamp <= p.closes
    WHERE a.kind = 'nps' AND a.score BETWEEN 0 AND 10
    GROUP BY p.person_id
)
SELECT
    CASE WHEN p.grp = 'treatment' THEN CASE WHEN p.sent THEN 'treated' ELSE 'unsent' END
         ELSE 'holdout' END AS arm,
    p.entered_at > $cutoff AS pending,
    count(*) AS persons,
    count(*) FILTER (WHERE CASE WHEN len(p.cart) > 0 THEN coalesce(o.cart_ordered, false)
        ELSE p.converted_at IS NOT NULL AND p.converted_at <= p.closes END) AS recovered,
    count(*) FILTER (WHERE coalesce(o.orders, 0) >= 2) AS repeated,
    count(n.score) AS answered,
    coalesce(sum(n.score), 0) AS score_sum,
    coalesce(sum(n.score * n.score), 0) AS score_squares,
    count(*) FILTER (WHERE n.score >= 9) AS promoters,
    count(*) FILTER (WHERE n.score <= 6) AS detractors
FROM persons p LEFT JOIN orders o USING (person_id) LEFT JOIN answers n USING (person_id)
GROUP BY ALL
"""
_SUMS = ("persons", "recovered", "repeated", "answered", "score_sum", "score_squares")
_FIELDS = (*_SUMS, "promoters", "detractors")


def chain_markers(
    store: Store,
    chain: Chain,
    *,
    now: datetime | None = None,
    basis: Basis = "assigned",
    window: timedelta | None = None,
    order_event: str = ORDER_EVENT,
    survey_event: str = SURVEY_EVENT,
    alpha: float = 0.05,
) -> ChainMarkers:
    """Cart recovery, repeat purchase and NPS of the chain's entries, treatment against holdout,
    within `window` (default: the goal's window) after each entry."""
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
    parameters = {
        "chain": chain.id,
        "window": window.total_seconds(),
        "order_event": order_event,
        "survey_event": survey_event,
        "cutoff": cutoff,
    }
    rows = store.duckdb.execute(_COUNTS, parameters).fetchall()
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
    markers = [
        _proportion("cart_recovery", treatment, holdout, "recovered", alpha),
        _proportion("repeat_purchase", treatment, holdout, "repeated", alpha),
        _scores(treatment, holdout, alpha),
    ]
    return ChainMarkers(chain.id, window.total_seconds(), basis, pending, markers)


def _merge(parts: list[dict[str, float]]) -> dict[str, float]:
    return {field: sum(part[field] for part in parts) for field in _FIELDS}


def _proportion(
    name: MarkerName,
    treatment: dict[str, float],
    holdout: dict[str, float],
    field: str,
    alpha: float,
) -> Marker:
    from journeymap.experiments import proportion, two_proportion_test

    def arm(total: dict[str, float]) -> MarkerArm:
        units, hits = int(total["persons"]), int(total[field])
        return MarkerArm(units, hits / units if units else None, hits)

    control, treated = arm(holdout), arm(treatment)
    effect = None
    if control.units and treated.units:
        effect = two_proportion_test(
            proportion(control.successes or 0, control.units),
            proportion(treated.successes or 0, treated.units),
            alpha=alpha,
        )
    return Marker(name, treated, control, effect)


def _scores(treatment: dict[str, float], holdout: dict[str, float], alpha: float) -> Marker:
    from journeymap.experiments import welch_t_test

    def arm(total: dict[str, float]) -> MarkerArm:
        n = int(total["answered"])
        if not n:
            return MarkerArm(0, None)
        mean = total["score_sum"] / n
        variance = (total["score_squares"] - n * mean**2) / (n - 1) if n > 1 else 0.0
        nps = 100 * (total["promoters"] - total["detractors"]) / n
        return MarkerArm(n, mean, variance=max(variance, 0.0), nps=nps)

    control, treated = arm(holdout), arm(treatment)
    effect = None
    if control.units > 1 and treated.units > 1:
        effect = welch_t_test(
            _summary(control), _summary(treated), alpha=alpha, method="Welch t (NPS score)"
        )
    return Marker("nps", treated, control, effect)


def _summary(arm: MarkerArm) -> ArmSummary:
    from journeymap.experiments import ArmSummary

    mean = arm.value if arm.value is not None else float("nan")
    return ArmSummary(n=arm.units, mean=mean, variance=arm.variance, baseline_mean=mean)
