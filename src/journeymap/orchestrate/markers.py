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

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from journeymap.i18n import N_
from journeymap.i18n import gettext as _
from journeymap.model.journey import JourneyMap
from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.effect import Basis, goal_window
from journeymap.orchestrate.marker_counts import count_markers, merge_totals
from journeymap.store import Store
from journeymap.store.errors import StoreError

if TYPE_CHECKING:
    from journeymap.experiments import ArmSummary, Effect

MarkerName = Literal["goal", "cart_recovery", "repeat_purchase", "trial_completion", "nps"]
"""`goal` (the chain's goal) is measured by `effect.chain_effect`; by segment, here too."""
ORDER_EVENT = "Order Completed"
SURVEY_EVENT = "Survey Answered"
TRIAL_EVENT = "Trial Lesson Completed"
MARKER_LABELS: dict[MarkerName, str] = {
    "goal": N_("goal"),
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


PROPORTIONS: tuple[tuple[MarkerName, str], ...] = (
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
    source: Store | None = None,
) -> ChainMarkers:
    """Cart recovery, repeat purchase, trial completion and NPS of the chain's entries,
    treatment against holdout and against the before period, within `window` (default: the
    goal's window) after each entry. A chain entered by a stage needs its map in `maps` for
    the before side (without it the markers have no before side). `store` holds the runner's
    state; `source`, when given, the events (a Spark store, whose state is in a side file)."""
    if window is None:
        window = goal_window(chain)
    if store.engine != "duckdb":
        raise StoreError(_("automations run on a DuckDB store"))
    counts = count_markers(
        store,
        chain,
        window,
        now=now,
        events=(order_event, survey_event, trial_event),
        maps=maps,
        source=source,
    )
    totals = {arm: total for (_segment, arm), total in counts.totals.items()}
    pending = sum(counts.pending.values())
    period = counts.period
    arms = ("treated", "unsent") if basis == "assigned" else ("treated",)
    treatment = merge_totals([totals.get(a) for a in arms])
    holdout = merge_totals([totals.get("holdout")])
    before = merge_totals([totals.get("before")]) if period else None
    markers = [
        proportion_marker(name, treatment, holdout, before, field, alpha)
        for name, field in PROPORTIONS
    ]
    markers.append(score_marker(treatment, holdout, before, alpha))
    stage = chain.entry.stage if period else None
    return ChainMarkers(chain.id, window.total_seconds(), basis, pending, markers, period, stage)


def proportion_marker(  # noqa: PLR0917 - the arms of one marker
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


def score_marker(
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
