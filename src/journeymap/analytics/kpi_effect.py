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
    by: str | None = None
    """A segmentation (`model.measure_syntax.EFFECT_SEGMENTS`): the lift per segment too."""

    def __str__(self) -> str:
        text = (
            self.chain
            if self.marker == "goal" and self.by is None
            else f"{self.chain}, {self.marker}"
        )
        return text if self.by is None else f"{text}, by={self.by}"


@dataclass(frozen=True)
class MeasuredEffect:
    """A chain's lift on one marker; `lift` is None with the `reason` when it cannot be told."""

    lift: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    persons: int | None = None
    """Persons in both arms together."""
    reason: str | None = None
    segments: tuple[SegmentLift, ...] = ()
    """With `by=`: the lift in each segment, its p-value adjusted across the segments."""


@dataclass(frozen=True)
class SegmentLift:
    """One segment's lift against the holdout (None with too few persons in an arm)."""

    segment: str
    lift: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    p_adjusted: float | None
    """Holm (or Benjamini-Hochberg) across the segments of the KPI."""
    persons: int
    """Persons in both arms of the segment."""


EffectLookup = Callable[[EffectOperand], MeasuredEffect]
"""(chain, marker) -> its measured lift against the holdout."""
