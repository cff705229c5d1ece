"""The chains' effects as KPI values: the `EffectLookup` that `analytics.kpi.evaluate_kpis`
calls for `effect(CHAIN[, MARKER])` measures (the report and `analyze kpis` pass it).

The goal's lift is `effect.chain_effect`'s, a marker's `markers.chain_markers`'s, both on the
`assigned` basis (intent to treat) with entries whose window is still open left out.

On a Spark store the runner's state is in the workspace's DuckDB side file
(`ibis_source.side_state_url`): the lookup opens it for each chain it measures and counts
there, the markers' events read from Spark (`marker_events.events_at_hand`), so the values are
those of the same events in a DuckDB store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from pathlib import Path
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
    workspace: Path | None = None,
) -> EffectLookup:
    """A lookup over `chains` and the runs `store` holds (each chain measured once); `maps`
    give stage-entered chains their before side. `workspace` (its root) holds a Spark store's
    runs, in its side file; without it a Spark store's chains have no value."""
    known = {chain.id: chain for chain in chains}
    effects: dict[str, ChainEffect] = {}
    markers: dict[str, ChainMarkers] = {}
    runs = runner_state(store, workspace)

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
        if store is None or runs is None:
            return MeasuredEffect(None, reason=_("chain runs are kept in a DuckDB store"))
        source = None if store.engine == "duckdb" else store  # Spark: the events read from it
        if operand.marker == "goal":
            if chain.id not in effects:
                with runs() as state:
                    effects[chain.id] = chain_effect(state, chain, now=now)
            found = effects[chain.id]
            persons = found.treatment.persons + found.holdout.persons
            result = found.effect
        else:
            if chain.id not in markers:
                with runs() as state:
                    markers[chain.id] = chain_markers(
                        state, chain, now=now, maps=maps, source=source
                    )
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
        segments: tuple[SegmentLift, ...] = ()
        if operand.by:
            with runs() as state:
                segments = _segments(state, chain, operand, now, maps, source)
        return MeasuredEffect(
            result.difference, result.ci_low, result.ci_high, persons, segments=segments
        )

    return lookup


def runner_state(
    store: Store | None, workspace: Path | None
) -> Callable[[], AbstractContextManager[Store]] | None:
    """What opens the store of the runner's state: `store` itself (DuckDB), a Spark
    workspace's side file (an empty state when no run has made it yet), None when unknown."""
    if store is None:
        return None
    if store.engine == "duckdb":
        return lambda: nullcontext(store)
    if workspace is None:
        return None
    from journeymap.orchestrate.ibis_source import SIDE_STATE

    side = workspace / ".journeymap" / SIDE_STATE

    @contextmanager
    def side_file() -> Iterator[Store]:
        # opened per measurement, not kept: a runner (`serve`) writes to it between reports
        url = f"duckdb://{side}" if side.is_file() else "duckdb://:memory:"
        with Store.open(url) as state:
            yield state

    return side_file


def _segments(  # noqa: PLR0917 - one KPI's segments and where they are counted
    store: Store,
    chain: Chain,
    operand: EffectOperand,
    now: datetime | None,
    maps: Mapping[str, JourneyMap] | None,
    source: Store | None,
) -> tuple[SegmentLift, ...]:
    """The lift of `operand.marker` in each segment of `operand.by` (Holm across them)."""
    from journeymap.orchestrate.segment_effects import segmented_effects

    assert operand.by is not None
    marker = cast("MarkerName", operand.marker)  # checked when the measure was parsed
    (found,) = segmented_effects(
        store, chain, operand.by, markers=[marker], now=now, maps=maps, source=source
    )
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
