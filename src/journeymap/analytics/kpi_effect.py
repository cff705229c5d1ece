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


def within_segments(lookup: EffectLookup, by: str) -> Callable[[str], EffectLookup]:
    """segment -> a lookup of the `effect(...)` KPIs within that segment of `by` (a
    `SegmentBy.describe()` text): the lift among the segment's persons, treatment against
    holdout, as `effect(CHAIN, MARKER, by=...)` gives it per segment (the same numbers: the
    chain's lift per segment, its p-values adjusted across them). Each (chain, marker) is
    measured once for every segment; a KPI's own `by=` gives way to `by`."""
    measured: dict[tuple[str, str], MeasuredEffect] = {}

    def of(segment: str) -> EffectLookup:
        def lookup_in(operand: EffectOperand) -> MeasuredEffect:
            key = (operand.chain, operand.marker)
            if key not in measured:
                measured[key] = lookup(EffectOperand(operand.chain, operand.marker, by=by))
            return segment_effect(measured[key], operand, segment)

        return lookup_in

    return of


def segment_effect(whole: MeasuredEffect, operand: EffectOperand, segment: str) -> MeasuredEffect:
    """One segment's lift out of the chain's lift by segment, or why there is none."""
    from journeymap.i18n import gettext as _

    if whole.lift is None and not whole.segments:  # the chain itself has no effect: its reason
        return whole
    found = next((s for s in whole.segments if s.segment == segment), None)
    if found is None:
        return MeasuredEffect(
            None,
            persons=0,
            reason=_(
                "nobody of segment {segment} entered chain {chain}",
                segment=segment,
                chain=operand.chain,
            ),
        )
    if found.lift is None:
        return MeasuredEffect(
            None,
            persons=found.persons,
            reason=_(
                "no effect of {chain} in segment {segment}: its treatment or holdout group "
                "there is empty (for NPS: fewer than two answers)",
                chain=operand.chain,
                segment=segment,
            ),
        )
    return MeasuredEffect(found.lift, found.ci_low, found.ci_high, found.persons)
