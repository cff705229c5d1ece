"""The chains' effects as KPI values: the `EffectLookup` that `analytics.kpi.evaluate_kpis`
calls for `effect(CHAIN[, MARKER])` measures (the report and `analyze kpis` pass it).

The goal's lift is `effect.chain_effect`'s, a marker's `markers.chain_markers`'s, both on the
`assigned` basis (intent to treat) with entries whose window is still open left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, cast

from journeymap.analytics.kpi_effect import (
    EffectLookup,
    EffectOperand,
    MeasuredEffect,
    SegmentLift,
)
from journeymap.i18n import gettext as _
from journeymap.model.journey import JourneyMap
from journeymap.orchestrate.chain import Chain
from journeymap.store import Store

if TYPE_CHECKING:
    from journeymap.orchestrate.effect import ChainEffect
    from journeymap.orchestrate.markers import ChainMarkers, MarkerName


def effect_lookup(
    store: Store | None,
    chains: Sequence[Chain],
    *,
    now: datetime | None = None,
    maps: Mapping[str, JourneyMap] | None = None,
) -> EffectLookup:
    """A lookup over `chains` and the runs `store` holds (each chain measured once); `maps`
    give stage-entered chains their before side."""
    known = {chain.id: chain for chain in chains}
    effects: dict[str, ChainEffect] = {}
    markers: dict[str, ChainMarkers] = {}

    def lookup(operand: EffectOperand) -> MeasuredEffect:
        from journeymap.orchestrate.effect import chain_effect
        from journeymap.orchestrate.markers import chain_markers

        chain = known.get(operand.chain)
        if chain is None:
            return MeasuredEffect(
                None, reason=_("chain {chain} is not loaded (automations/)", chain=operand.chain)
            )
        if chain.goal is None:
            return MeasuredEffect(None, reason=_("chain {chain} has no goal", chain=chain.id))
        if store is None or store.engine != "duckdb":
            return MeasuredEffect(None, reason=_("chain runs are kept in a DuckDB store"))
        if operand.marker == "goal":
            if chain.id not in effects:
                effects[chain.id] = chain_effect(store, chain, now=now)
            found = effects[chain.id]
            persons = found.treatment.persons + found.holdout.persons
            result = found.effect
        else:
            if chain.id not in markers:
                markers[chain.id] = chain_markers(store, chain, now=now, maps=maps)
            marker = next(m for m in markers[chain.id].markers if m.name == operand.marker)
            persons = marker.treatment.units + marker.holdout.units
            result = marker.effect
        if result is None:
            return MeasuredEffect(
                None,
                persons=persons,
                reason=_(
                    "no effect of {chain} yet: the treatment or the holdout group is empty",
                    chain=chain.id,
                ),
            )
        segments = _segments(store, chain, operand, now, maps) if operand.by else ()
        return MeasuredEffect(
            result.difference, result.ci_low, result.ci_high, persons, segments=segments
        )

    return lookup


def _segments(
    store: Store,
    chain: Chain,
    operand: EffectOperand,
    now: datetime | None,
    maps: Mapping[str, JourneyMap] | None,
) -> tuple[SegmentLift, ...]:
    """The lift of `operand.marker` in each segment of `operand.by` (Holm across them)."""
    from journeymap.orchestrate.segment_effects import segmented_effects

    assert operand.by is not None
    marker = cast("MarkerName", operand.marker)  # checked when the measure was parsed
    (found,) = segmented_effects(store, chain, operand.by, markers=[marker], now=now, maps=maps)
    lifts = []
    for segment in found.segments:
        effect = segment.marker.effect
        arms = segment.marker.treatment.units + segment.marker.holdout.units
        lifts.append(
            SegmentLift(
                segment.segment,
                effect.difference if effect else None,
                effect.ci_low if effect else None,
                effect.ci_high if effect else None,
                effect.p_value if effect else None,
                segment.p_adjusted,
                arms,
            )
        )
    return tuple(lifts)
