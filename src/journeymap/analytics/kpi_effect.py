"""KPIs that measure a chain's effect: `effect(CHAIN)` and `effect(CHAIN, MARKER)`.

The value is the chain's lift on its goal or on a success marker, treatment against the
chain's holdout (an absolute difference: percentage points for shares, points of the 0-10 score
for `nps`), with its confidence interval. The numbers come from the runner's records, which
analytics does not read: the caller (the report, `analyze kpis`) passes an `EffectLookup`
(`orchestrate.kpi_effects.effect_lookup`); without one such a KPI is `no data`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SHARE_MARKERS = ("goal", "cart_recovery", "repeat_purchase", "trial_completion")
"""Markers whose lift is a difference of shares (shown in percentage points with `unit: %`)."""


@dataclass(frozen=True)
class EffectOperand:
    chain: str
    marker: str
    """`goal` or a marker of `model.measure_syntax.EFFECT_MARKERS`."""

    def __str__(self) -> str:
        return self.chain if self.marker == "goal" else f"{self.chain}, {self.marker}"


@dataclass(frozen=True)
class MeasuredEffect:
    """A chain's lift on one marker; `lift` is None with the `reason` when it cannot be told."""

    lift: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    persons: int | None = None
    """Persons in both arms together."""
    reason: str | None = None


EffectLookup = Callable[[EffectOperand], MeasuredEffect]
"""(chain, marker) -> its measured lift against the holdout."""
