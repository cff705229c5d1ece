"""A chain's effect per segment: the lift of its goal or of a success marker, treatment against
holdout, in each segment of persons (a region, a device, the profile's segment), each with its
interval, and the p-values adjusted across the segments (Holm by default, or
Benjamini-Hochberg: `experiments.adjust_p_values`).

Segments (`model.measure_syntax.EFFECT_SEGMENTS`): `segment` is the profile's segment (the
`profiles` table `journeymap profiles` writes); `trait:KEY`, `property:KEY`, `channel` and
`column:NAME` are `analytics.segmentation`'s, over the store's events. Persons without a value
are in `(none)`. Counting is `marker_counts`'s, the statistics `markers`'s; the sum over the
segments is the whole chain's count (`effect.chain_effect`, `markers.chain_markers`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from journeymap.model.journey import JourneyMap
from journeymap.model.measure_syntax import effect_segment_problem
from journeymap.model.problems import HintedValueError
from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.effect import Basis, goal_window
from journeymap.orchestrate.marker_counts import SEGMENTS_TABLE, count_markers, merge_totals
from journeymap.orchestrate.markers import (
    ORDER_EVENT,
    PROPORTIONS,
    SURVEY_EVENT,
    TRIAL_EVENT,
    Marker,
    MarkerName,
    proportion_marker,
    score_marker,
)
from journeymap.store import Store

if TYPE_CHECKING:
    from journeymap.experiments.multiple import Correction

ALL_MARKERS: tuple[MarkerName, ...] = ("goal", *(name for name, _f in PROPORTIONS), "nps")


@dataclass(frozen=True)
class SegmentMarker:
    """One segment's marker (`Marker`: both arms and the effect) and its adjusted p-value."""

    segment: str
    marker: Marker
    p_adjusted: float | None

    def row(self) -> dict[str, Any]:
        return {"segment": self.segment, **self.marker.row(), "p_adjusted": self.p_adjusted}


@dataclass(frozen=True)
class SegmentedEffect:
    """One marker of one chain in every segment of `by`."""

    chain_id: str
    marker: MarkerName
    by: str
    correction: Correction
    alpha: float
    pending: int
    segments: list[SegmentMarker]

    def row(self) -> dict[str, Any]:
        return {
            "chain": self.chain_id,
            "marker": self.marker,
            "by": self.by,
            "correction": self.correction,
            "alpha": self.alpha,
            "pending": self.pending,
            "segments": [segment.row() for segment in self.segments],
        }


def segmented_effects(
    store: Store,
    chain: Chain,
    by: str,
    *,
    markers: Sequence[MarkerName] = ALL_MARKERS,
    now: datetime | None = None,
    basis: Basis = "assigned",
    alpha: float = 0.05,
    correction: Correction = "holm",
    maps: Mapping[str, JourneyMap] | None = None,
    source: Store | None = None,
) -> list[SegmentedEffect]:
    """Each of `markers` per segment of `by`, treatment against holdout, with the p-values
    adjusted across the segments of each marker (entries whose window is still open at `now`
    are left out, as in `chain_effect`). `store` holds the runner's state; `source`, when
    given, the events and profiles (a Spark store, whose state is in a side file)."""
    problem = effect_segment_problem(by)
    if problem is not None:
        raise HintedValueError(*problem)
    window = goal_window(chain)
    store.duckdb.register(SEGMENTS_TABLE, person_segments(source or store, by))
    try:
        counts = count_markers(
            store,
            chain,
            window,
            now=now,
            events=(ORDER_EVENT, SURVEY_EVENT, TRIAL_EVENT),
            maps=maps,
            by_segment=True,
            source=source,
        )
    finally:
        store.duckdb.unregister(SEGMENTS_TABLE)
    arms = ("treated", "unsent") if basis == "assigned" else ("treated",)
    names = sorted({segment for segment, arm in counts.totals if arm != "before"})
    pending = sum(counts.pending.values())
    results = []
    for name in markers:
        found = []
        for segment in names:
            treatment = merge_totals([counts.totals.get((segment, arm)) for arm in arms])
            holdout = merge_totals([counts.totals.get((segment, "holdout"))])
            found.append((segment, _marker(name, treatment, holdout, alpha)))
        results.append(
            SegmentedEffect(
                chain.id, name, by, correction, alpha, pending, _adjusted(found, correction)
            )
        )
    return results


def person_segments(store: Store, by: str) -> Any:
    """A pyarrow table of (person_id, segment) for the segmentation `by`."""
    import pyarrow as pa

    if by.strip().lower() == "segment":
        # one row per person (a person has a profile per map): her latest segment
        profiles = store.table("profiles")
        profiles = profiles.filter(profiles.segment.notnull())
        latest = profiles.group_by("person_id").aggregate(
            segment=profiles.segment.argmax(profiles.computed_at)
        )
        table = latest.to_pyarrow()
        person, segment = table.column("person_id"), table.column("segment")
    else:
        from journeymap.analytics.segmentation import SegmentBy, segment_persons

        table = segment_persons(store.events(), SegmentBy.parse(by)).to_pyarrow()
        person, segment = table.column("person"), table.column("segment")
    return pa.table({"person_id": person.cast(pa.string()), "segment": segment})


def _marker(
    name: MarkerName, treatment: dict[str, float], holdout: dict[str, float], alpha: float
) -> Marker:
    if name == "nps":
        return score_marker(treatment, holdout, None, alpha)
    field = "converted" if name == "goal" else dict(PROPORTIONS)[name]
    return proportion_marker(name, treatment, holdout, None, field, alpha)


def _adjusted(found: list[tuple[str, Marker]], correction: Correction) -> list[SegmentMarker]:
    """The segments with their p-values adjusted across those that have an effect."""
    from journeymap.experiments.multiple import adjust_p_values

    tested = [marker.effect.p_value for _s, marker in found if marker.effect is not None]
    adjusted = iter(adjust_p_values(tested, correction))
    return [
        SegmentMarker(segment, marker, next(adjusted) if marker.effect is not None else None)
        for segment, marker in found
    ]
