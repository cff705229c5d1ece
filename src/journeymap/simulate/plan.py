"""Compile a map and its `simulation:` block into the arrays the walk samples from."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from journeymap.i18n import format_number
from journeymap.i18n import gettext as _
from journeymap.model.journey import JourneyMap
from journeymap.model.simulation import (
    DwellTime,
    ReturningSettings,
    SegmentSettings,
    SimulationSettings,
    TouchpointSettings,
)
from journeymap.simulate.check import SimulationError, check_settings, raise_for
from journeymap.simulate.kinds import EventKind, KindError, identify_kind, kinds_of

Z90 = 1.2815515655446004
"""The standard normal 90th percentile: sigma = ln(p90 / median) / Z90."""
DEFAULT_CONTINUE = 0.6
FIRST_TOUCHPOINT_PROBABILITY = 1.0
OTHER_TOUCHPOINT_PROBABILITY = 0.5
_IDENTIFY_WORDS = re.compile(
    r"sign|regist|account|login|log-in|checkout|purchase|order|buy|"
    r"регистр|вход|аккаунт|оформ|покуп|заказ",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Emitter:
    """A touchpoint inside one stage: when it fires and which event kinds it emits."""

    touchpoint: str
    probability: float
    mean_events: float
    requires: int
    """Index of the emitter (same stage) that must have fired first, or -1."""
    kinds: tuple[int, ...]
    """Indexes into `Plan.kinds`, chosen uniformly per event."""
    completes: bool = False
    """Fires exactly in visits after which the customer moves on to a later stage."""
    needed: bool = False
    """A touchpoint the completing one requires (directly or not): fires in completing visits."""


@dataclass(frozen=True)
class Plan:
    stage_ids: tuple[str, ...]
    cumulative: np.ndarray[Any, Any]
    """[group, stage, next] cumulative next-stage probabilities; next == stages is exit.
    Group is the segment for first-time customers, segment + segments for returning ones."""
    entry: np.ndarray[Any, Any]
    dwell_mu: np.ndarray[Any, Any]
    dwell_sigma: np.ndarray[Any, Any]
    gap_mu: float
    gap_sigma: float
    segment_names: tuple[str, ...]
    """Segment 0 is customers in no named segment (name "")."""
    segment_shares: np.ndarray[Any, Any]
    identify_stage: int
    """-1 when no stage identifies customers."""
    emitters: tuple[tuple[Emitter, ...], ...]
    kinds: tuple[EventKind, ...]
    identify_kind: int
    settings: SimulationSettings

    @property
    def stages(self) -> int:
        return len(self.stage_ids)


def lognormal(dwell: DwellTime) -> tuple[float, float]:
    """(mu, sigma) of the lognormal with this median and 90th percentile."""
    mu = math.log(dwell.median_seconds)
    return mu, (math.log(dwell.p90_seconds) - mu) / Z90


def make_plan(journey: JourneyMap) -> Plan:
    """Everything the walk needs; raises `SimulationError` for a map that cannot be simulated."""
    if not journey.stages:
        raise SimulationError(_("the map has no stages to walk through"))
    raise_for(check_settings(journey))
    settings = journey.simulation or SimulationSettings()
    stage_ids = tuple(s.id for s in journey.stages)
    segments = list(settings.segments.items())
    groups: list[SegmentSettings | None] = [None, *(seg for _, seg in segments)]
    matrices = [_transitions(settings, seg, stage_ids, returning=False) for seg in groups]
    matrices += [_transitions(settings, seg, stage_ids, returning=True) for seg in groups]
    shares = [s.share for _, s in segments]
    dwell = [lognormal(settings.dwell.get(s, settings.default_dwell)) for s in stage_ids]
    entry = np.zeros(len(stage_ids))
    if settings.entry:
        for stage, weight in settings.entry.items():
            entry[stage_ids.index(stage)] = weight
        entry /= entry.sum()
    else:
        entry[0] = 1.0
    kinds: list[EventKind] = [identify_kind(journey)]
    emitters = tuple(
        _emitters(journey, stage_index, settings, kinds) for stage_index in range(len(stage_ids))
    )
    gap_mu, gap_sigma = lognormal(settings.session_gap)
    return Plan(
        stage_ids=stage_ids,
        cumulative=np.cumsum(np.stack(matrices), axis=2),
        entry=entry,
        dwell_mu=np.array([mu for mu, _ in dwell]),
        dwell_sigma=np.array([sigma for _, sigma in dwell]),
        gap_mu=gap_mu,
        gap_sigma=gap_sigma,
        segment_names=("", *(name for name, _ in segments)),
        segment_shares=np.array([1.0 - math.fsum(shares), *shares]),
        identify_stage=_identify_stage(journey, settings),
        emitters=emitters,
        kinds=tuple(kinds),
        identify_kind=0,
        settings=settings,
    )


def _transitions(
    settings: SimulationSettings,
    segment: SegmentSettings | None,
    stage_ids: tuple[str, ...],
    *,
    returning: bool,
) -> np.ndarray[Any, Any]:
    """[stage, next] probabilities with the exit (abandonment) as the last column."""
    count = len(stage_ids)
    matrix = np.zeros((count, count + 1))
    continue_ = settings.continue_
    transitions = dict(settings.transitions)
    overrides: list[SegmentSettings | ReturningSettings] = [segment] if segment else []
    if returning:
        overrides.append(settings.returning)
    for override in overrides:
        continue_ = _merged(continue_, override.continue_, stage_ids)
        transitions |= override.transitions
    for index, stage in enumerate(stage_ids):
        if stage in transitions:
            for target, probability in transitions[stage].items():
                matrix[index, stage_ids.index(target)] = probability
        elif index + 1 < count:
            chance = (
                continue_.get(stage, DEFAULT_CONTINUE) if isinstance(continue_, dict) else continue_
            )
            matrix[index, index + 1] = chance
    for repeat in settings.repeat:
        matrix[stage_ids.index(repeat.from_), stage_ids.index(repeat.to)] += repeat.probability
    moving = matrix[:, :count].sum(axis=1)
    if (moving > 1.0 + 1e-9).any():
        stage = stage_ids[int(np.argmax(moving))]
        raise SimulationError(
            _(
                "probabilities of leaving stage {stage!r} add up to {total} (transitions plus "
                "repeat); they must not exceed 1",
                stage=stage,
                total=format_number(float(moving.max())),
            )
        )
    matrix[:, count] = np.clip(1.0 - moving, 0.0, 1.0)
    return matrix


def _merged(
    base: float | dict[str, float],
    override: float | dict[str, float] | None,
    stage_ids: tuple[str, ...],
) -> float | dict[str, float]:
    """`continue` with an override: a number replaces all, a mapping replaces its stages."""
    if override is None:
        return base
    if isinstance(override, dict):
        start = base if isinstance(base, dict) else dict.fromkeys(stage_ids, base)
        return {**start, **override}
    return override


def _emitters(
    journey: JourneyMap,
    stage_index: int,
    settings: SimulationSettings,
    kinds: list[EventKind],
) -> tuple[Emitter, ...]:
    stage = journey.stages[stage_index]
    found: list[Emitter] = []
    for touchpoint_id in stage.touchpoints:
        touchpoint = journey.touchpoint(touchpoint_id)
        try:
            own = kinds_of(journey, touchpoint, settings.products)
        except KindError as exc:
            raise SimulationError(_("cannot simulate {exc}", exc=exc)) from None
        if not own:
            continue  # not measurable yet: the customer passes it without a trace
        tuning = settings.touchpoints.get(touchpoint_id, TouchpointSettings())
        default = FIRST_TOUCHPOINT_PROBABILITY if not found else OTHER_TOUCHPOINT_PROBABILITY
        requires = -1
        if tuning.requires is not None:
            earlier = [e.touchpoint for e in found]
            if tuning.requires not in earlier:
                raise SimulationError(
                    _(
                        "touchpoint {touchpoint_id!r} requires {requires!r}, which must be an "
                        "earlier bound touchpoint of stage {id!r}",
                        touchpoint_id=touchpoint_id,
                        requires=tuning.requires,
                        id=stage.id,
                    )
                )
            requires = earlier.index(tuning.requires)
        first = len(kinds)
        kinds += own
        found.append(
            Emitter(
                touchpoint=touchpoint_id,
                probability=default if tuning.probability is None else tuning.probability,
                mean_events=tuning.events,
                requires=requires,
                kinds=tuple(range(first, len(kinds))),
            )
        )
    completing = settings.completion.get(stage.id)
    if completing is None:
        return tuple(found)
    if completing not in [e.touchpoint for e in found]:
        raise SimulationError(
            _(
                "stage {id!r} is completed by touchpoint {completing!r}, which has no bindings",
                id=stage.id,
                completing=completing,
            )
        )
    return _mark_completion(found, completing)


def _mark_completion(found: list[Emitter], touchpoint: str) -> tuple[Emitter, ...]:
    marked = list(found)
    index = [e.touchpoint for e in found].index(touchpoint)
    marked[index] = replace(found[index], completes=True)
    while (index := marked[index].requires) >= 0:
        marked[index] = replace(marked[index], needed=True)
    return tuple(marked)


def _identify_stage(journey: JourneyMap, settings: SimulationSettings) -> int:
    ids = [s.id for s in journey.stages]
    if settings.identify is not None:
        return ids.index(settings.identify)
    for index, stage in enumerate(journey.stages):
        if _IDENTIFY_WORDS.search(f"{stage.id} {stage.name}"):
            return index
    return len(ids) // 2
