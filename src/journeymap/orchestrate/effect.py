"""A chain's measured effect: its conversion goal among the persons it treated against its
holdout, from the runner's records in the store (`automation_states`, `automation_sends`).

The statistics are `journeymap.experiments.two_proportion_test`; this module only counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from journeymap.i18n import gettext as _
from journeymap.model.problems import HintedValueError
from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.state import naive
from journeymap.store import Store
from journeymap.store.errors import StoreError

if TYPE_CHECKING:
    from journeymap.experiments import Effect

Basis = Literal["treated", "assigned"]
"""`treated`: the treatment arm is the persons of the treatment group who got at least one
message sent (per protocol). `assigned`: every person of the treatment group, sent to or not
(intent to treat, free of the selection of who stays in the chain long enough for a send)."""


@dataclass(frozen=True)
class Arm:
    persons: int
    converted: int

    @property
    def rate(self) -> float:
        return self.converted / self.persons if self.persons else float("nan")


@dataclass(frozen=True)
class ChainEffect:
    """Treatment against holdout for one chain's goal.

    `effect` is None when one of the arms has nobody yet. `unsent` counts the persons of the
    treatment group who got no message (left out of the arm on the `treated` basis, in it on
    the `assigned` one); `pending` the entries
    whose goal window is still open at `now` (left out of both arms)."""

    chain_id: str
    goal: str
    window_seconds: float
    basis: Basis
    treatment: Arm
    holdout: Arm
    unsent: int
    pending: int
    effect: Effect | None

    def row(self) -> dict[str, Any]:
        effect = self.effect
        return {
            "chain": self.chain_id,
            "goal": self.goal,
            "window_seconds": self.window_seconds,
            "basis": self.basis,
            "treatment_persons": self.treatment.persons,
            "treatment_converted": self.treatment.converted,
            "treatment_rate": self.treatment.rate if self.treatment.persons else None,
            "holdout_persons": self.holdout.persons,
            "holdout_converted": self.holdout.converted,
            "holdout_rate": self.holdout.rate if self.holdout.persons else None,
            "unsent": self.unsent,
            "pending": self.pending,
            "lift": effect.difference if effect else None,
            "ci_low": effect.ci_low if effect else None,
            "ci_high": effect.ci_high if effect else None,
            "relative_lift": effect.lift if effect else None,
            "p_value": effect.p_value if effect else None,
        }


_COUNTS = """
WITH persons AS (
    SELECT s.grp, s.entered_at, s.converted_at,
        EXISTS (
            SELECT 1 FROM automation_sends d
            WHERE d.chain_id = s.chain_id AND d.person_id = s.person_id
              AND d.entries = s.entries AND d.status = 'sent'
        ) AS sent
    FROM automation_states s
    WHERE s.chain_id = ?
)
SELECT
    CASE WHEN grp = 'treatment' THEN CASE WHEN sent THEN 'treated' ELSE 'unsent' END
         ELSE 'holdout' END AS arm,
    entered_at > ? AS pending,
    count(*) AS persons,
    count(*) FILTER (
        WHERE converted_at IS NOT NULL AND converted_at <= entered_at + to_seconds(?)
    ) AS converted
FROM persons
GROUP BY ALL
"""
# The runner keeps one row per person and chain (her latest entry), so each person counts
# once. `global-holdout` persons are held out of every chain: they count in the holdout.


def goal_window(chain: Chain) -> timedelta:
    """The window of the chain's goal; a chain without a goal has nothing to measure (an error
    with the goal to add as a hint)."""
    if chain.goal is None:
        raise HintedValueError(
            _("chain {chain} has no goal to measure", chain=chain.id),
            hint=_("give the chain a goal: {example}", example="goal: {event: ..., window: 7d}"),
        )
    return chain.goal.window


def chain_effect(
    store: Store,
    chain: Chain,
    *,
    now: datetime | None = None,
    basis: Basis = "assigned",
    alpha: float = 0.05,
) -> ChainEffect:
    """The chain's goal conversion, treatment against holdout, with the absolute lift, its
    interval at `1 - alpha` and the p-value. Given `now`, only entries whose goal window has
    closed by then are counted (the others are `pending`)."""
    from journeymap.experiments import proportion, two_proportion_test

    window = goal_window(chain)
    assert chain.goal is not None  # goal_window refused a chain without one
    if store.engine != "duckdb":
        raise StoreError(_("automations run on a DuckDB store"))
    cutoff = naive(now - window) if now is not None else datetime.max
    rows = store.duckdb.execute(_COUNTS, [chain.id, cutoff, window.total_seconds()]).fetchall()
    persons: dict[str, int] = {}
    converted: dict[str, int] = {}
    pending = 0
    for arm, is_pending, count, hits in rows:
        if is_pending:
            pending += int(count)
            continue
        persons[arm] = persons.get(arm, 0) + int(count)
        converted[arm] = converted.get(arm, 0) + int(hits)
    arms = ("treated", "unsent") if basis == "assigned" else ("treated",)
    treatment = Arm(sum(persons.get(a, 0) for a in arms), sum(converted.get(a, 0) for a in arms))
    holdout = Arm(persons.get("holdout", 0), converted.get("holdout", 0))
    effect = None
    if treatment.persons and holdout.persons:
        effect = two_proportion_test(
            proportion(holdout.converted, holdout.persons),
            proportion(treatment.converted, treatment.persons),
            alpha=alpha,
        )
    return ChainEffect(
        chain_id=chain.id,
        goal=chain.goal.event,
        window_seconds=window.total_seconds(),
        basis=basis,
        treatment=treatment,
        holdout=holdout,
        unsent=persons.get("unsent", 0),
        pending=pending,
        effect=effect,
    )
