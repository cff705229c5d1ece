"""Walk customers through the stages: one vectorised step per stage visit for all at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from journeymap.simulate.plan import Plan

Array = np.ndarray[Any, Any]


@dataclass(frozen=True)
class Customers:
    """Per-customer draws: segment, own channel, trait values, preferred product category."""

    segment: Array
    channel: Array
    traits: dict[str, Array]
    category: Array


@dataclass(frozen=True)
class Visits:
    """One row per stage visit. Times are seconds from the start of the period."""

    customer: Array
    stage: Array
    time: Array
    dwell_after: Array
    """Time until the next visit; infinite after the last one."""
    next_stage: Array
    """The stage visited next; the number of stages means the customer left."""
    device: Array
    """Which anonymous id (device) the customer uses on this visit: 0, 1, ..."""
    identified: Array
    """The customer is signed in during this visit (events carry the user id)."""
    signs_in: Array
    """This visit starts with an `identify` call."""


def draw_customers(plan: Plan, count: int, rng: np.random.Generator) -> Customers:
    settings = plan.settings
    channel_weights = np.array(list(settings.channels.values()))
    traits = {
        name: rng.choice(len(values), size=count, p=_normalised(values.values()))
        for name, values in settings.traits.items()
    }
    categories = settings.products.categories
    return Customers(
        segment=rng.choice(len(plan.segment_shares), size=count, p=plan.segment_shares),
        channel=rng.choice(
            len(channel_weights), size=count, p=channel_weights / channel_weights.sum()
        ),
        traits=traits,
        category=rng.choice(len(categories), size=count, p=_normalised(categories.values())),
    )


def _normalised(weights: Any) -> Array:
    values: Array = np.array(list(weights), dtype=float)
    total = float(values.sum())
    return values / total


def walk(plan: Plan, customers: Customers, horizon: float, rng: np.random.Generator) -> Visits:
    """Visit stages until each customer abandons, runs out of visits or passes the horizon."""
    count = customers.segment.size
    exit_stage = plan.stages
    stage = rng.choice(plan.stages, size=count, p=plan.entry)
    time = rng.uniform(0.0, horizon, size=count)
    device = np.zeros(count, dtype=np.int64)
    identified = np.zeros(count, dtype=bool)
    returning = np.zeros(count, dtype=np.int64)
    groups = plan.segment_shares.size
    active = np.arange(count)
    parts: list[tuple[Array, ...]] = []
    for step in range(plan.settings.max_visits):
        if active.size == 0:
            break
        current = stage[active]
        signs_in = (current == plan.identify_stage) & ~identified[active]
        identified[active] |= signs_in
        group = customers.segment[active] + groups * returning[active]
        following = _next_stages(plan, group, current, rng)
        if step == plan.settings.max_visits - 1:
            following[:] = exit_stage
        moves = following < exit_stage
        dwell = np.exp(
            plan.dwell_mu[current] + plan.dwell_sigma[current] * rng.standard_normal(active.size)
        )
        dwell_after = np.where(moves, dwell, np.inf)
        parts.append(
            (
                active,
                current,
                time[active],
                dwell_after,
                following,
                device[active],
                identified[active],
                signs_in,
            )
        )
        back = moves & (following <= current)
        returning[active[back]] = 1
        new_device = back & (rng.random(active.size) < plan.settings.new_device)
        device[active[new_device]] += 1
        identified[active[new_device]] = False
        time[active] += np.where(moves, dwell, 0.0)
        stage[active] = following
        active = active[moves]
        active = active[time[active] < horizon]  # later visits fall after the period: cut off
    columns = [np.concatenate(column) for column in zip(*parts, strict=True)] if parts else []
    if not columns:
        empty = np.zeros(0, dtype=np.int64)
        columns = [
            empty,
            empty,
            empty.astype(float),
            empty.astype(float),
            empty,
            empty,
            empty.astype(bool),
            empty.astype(bool),
        ]
    return Visits(*columns)


def _next_stages(plan: Plan, segment: Array, current: Array, rng: np.random.Generator) -> Array:
    cumulative = plan.cumulative[segment, current]
    draw = rng.random(current.size)
    following: Array = (cumulative <= draw[:, None]).sum(axis=1)
    return np.minimum(following, plan.stages)
