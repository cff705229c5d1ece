"""Turn stage visits into events: which touchpoints fire, how often, and when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from journeymap.simulate.plan import Plan
from journeymap.simulate.walk import Visits

Array = np.ndarray[Any, Any]
GAP_SHARE_OF_DWELL = 0.9
"""A visit's events span at most this share of the time until the next visit, keeping order."""


@dataclass(frozen=True)
class Events:
    """One row per event, in no particular order. `time` is seconds from the period start."""

    visit: Array
    kind: Array
    time: Array


def emit(plan: Plan, visits: Visits, horizon: float, rng: np.random.Generator) -> Events:
    count = visits.stage.size
    per_visit = np.zeros(count, dtype=np.int64)
    chunks: list[tuple[Array, Array, Array]] = []
    signing = np.flatnonzero(visits.signs_in)
    chunks.append(
        (signing, np.full(signing.size, plan.identify_kind), np.zeros(signing.size, dtype=np.int64))
    )
    per_visit[signing] += 1
    for stage_index, emitters in enumerate(plan.emitters):
        if not emitters:
            continue
        in_stage = np.flatnonzero(visits.stage == stage_index)
        fired: list[Array] = []
        stage_of_visit = visits.stage[in_stage]
        following = visits.next_stage[in_stage]
        completes = (following > stage_of_visit) & (following < plan.stages)
        for emitter in emitters:
            fires = rng.random(in_stage.size) < emitter.probability
            if emitter.requires >= 0:
                fires &= fired[emitter.requires]
            if emitter.completes:
                fires = completes
            elif emitter.needed:
                fires |= completes
            fired.append(fires)
            extra = (
                rng.poisson(emitter.mean_events - 1.0, in_stage.size)
                if emitter.mean_events > 1
                else 0
            )
            counts = np.where(fires, 1 + extra, 0)
            chosen = np.repeat(in_stage, counts)
            rank = per_visit[chosen] + _index_within_groups(counts)
            per_visit[in_stage] += counts
            kinds = np.asarray(emitter.kinds)[rng.integers(0, len(emitter.kinds), chosen.size)]
            chunks.append((chosen, kinds, rank))
    visit = np.concatenate([c[0] for c in chunks])
    kind = np.concatenate([c[1] for c in chunks])
    rank = np.concatenate([c[2] for c in chunks])
    # Put events in (visit, rank) order without sorting: each visit owns a block of slots.
    starts = np.cumsum(per_visit) - per_visit
    order = np.empty(visit.size, dtype=np.int64)
    order[starts[visit] + rank] = np.arange(visit.size)
    visit, kind = visit[order], kind[order]
    time = visits.time[visit] + _offsets(
        plan, visits=visits, visit=visit, starts=starts, per_visit=per_visit, rng=rng
    )
    keep = time < horizon
    return Events(visit=visit[keep], kind=kind[keep], time=time[keep])


def _index_within_groups(counts: Array) -> Array:
    """0, 1, ..., n-1 for each group of `counts[i]` repeated rows."""
    total = int(counts.sum())
    starts: Array = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total) - starts


def _offsets(
    plan: Plan,
    *,
    visits: Visits,
    visit: Array,
    starts: Array,
    per_visit: Array,
    rng: np.random.Generator,
) -> Array:
    """Seconds from the visit start: lognormal gaps, squeezed to fit before the next visit."""
    gaps = np.exp(plan.gap_mu + plan.gap_sigma * rng.standard_normal(visit.size))
    first = starts[per_visit > 0]
    gaps[first] = 0.0
    running = np.cumsum(gaps)
    offset = running - np.repeat(running[first], per_visit[per_visit > 0])
    last = first + per_visit[per_visit > 0] - 1
    span = np.zeros(per_visit.size)
    span[per_visit > 0] = offset[last]
    limit = GAP_SHARE_OF_DWELL * visits.dwell_after
    with np.errstate(divide="ignore", invalid="ignore"):
        squeeze = np.where(span > limit, limit / span, 1.0)
    factor: Array = squeeze[visit]
    scaled: Array = offset * factor
    return scaled
