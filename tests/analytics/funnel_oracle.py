"""A brute-force, pure-Python funnel: the reference the Ibis funnel is checked against.

Events are dicts with `person_id`, `event`, `timestamp` (datetime), `message_id` and `bd` (the
breakdown value). Steps are event names. The rules are the ones docs/analytics.md states;
`exists_chain_depth` is PostHog's definition, checked separately against the greedy rule.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class OracleSpec:
    steps: list[str]
    window: dt.timedelta
    order: str = "ordered"
    step_windows: list[dt.timedelta | None] | None = None
    exclusions: list[tuple[str, int, int]] = field(default_factory=list)  # (event, a, b) 0-based
    optional: set[int] = field(default_factory=set)  # 0-based
    attribution: str = "first_touch"
    count: str = "persons"

    @property
    def required(self) -> list[int]:
        return [j for j in range(len(self.steps)) if j not in self.optional]

    def previous_required(self, j: int) -> int:
        return max(r for r in self.required if r < j)


@dataclass
class Chain:
    person: str
    start: dt.datetime
    pos: int
    reached: list[bool]
    seconds: list[float | None]
    total: float | None
    bd: Any

    @property
    def depth(self) -> int:
        return sum(1 for j, r in enumerate(self.reached) if r)


def ordered_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The one event order: timestamp, then the order in the source file, which is the order
    of the list (`make_events` numbers `seq` in it; Python's sort is stable)."""
    return sorted(events, key=lambda e: e["timestamp"])


def _ordered_chain(  # noqa: PLR0912 - the oracle spells every rule out, on purpose
    evs: list[dict[str, Any]], s: int, spec: OracleSpec
) -> Chain | None:
    n = len(spec.steps)
    pos: dict[int, int | None] = {0: s}
    prev = 0
    for j in range(1, n):
        base = pos[prev]
        found = None
        if base is not None:
            if spec.order == "strict":
                if base + 1 < len(evs) and evs[base + 1]["event"] == spec.steps[j]:
                    found = base + 1
            else:
                found = next(
                    (i for i in range(base + 1, len(evs)) if evs[i]["event"] == spec.steps[j]),
                    None,
                )
        pos[j] = found
        if j not in spec.optional:
            prev = j
    t0 = evs[s]["timestamp"]

    def within(j: int) -> bool:
        p = pos[j]
        if p is None or evs[p]["timestamp"] - t0 > spec.window:
            return False
        limit = spec.step_windows[j - 1] if spec.step_windows else None
        before = evs[pos[spec.previous_required(j)]]["timestamp"]  # type: ignore[index]
        return limit is None or evs[p]["timestamp"] - before <= limit

    reached = [False] * n
    reached[0] = True
    for j in spec.required[1:]:
        reached[j] = reached[spec.previous_required(j)] and within(j)
    for j in sorted(spec.optional):
        ok = reached[spec.previous_required(j)] and within(j)
        later = [r for r in spec.required if r > j]
        if ok and later and reached[later[0]]:
            ok = pos[j] < pos[later[0]]  # type: ignore[operator]
        reached[j] = ok
    for event, a, b in spec.exclusions:
        if reached[b]:
            pa, pb = pos[a], pos[b]
            if any(evs[i]["event"] == event for i in range(pa + 1, pb)):  # type: ignore[operator]
                return None
    seconds: list[float | None] = [None] * n
    for j in range(1, n):
        if reached[j]:
            before = evs[pos[spec.previous_required(j)]]["timestamp"]  # type: ignore[index]
            seconds[j] = (evs[pos[j]]["timestamp"] - before).total_seconds()  # type: ignore[index]
    last = spec.required[-1]
    total = (evs[pos[last]]["timestamp"] - t0).total_seconds() if reached[last] else None  # type: ignore[index]
    if spec.attribution == "first_touch":
        bd = evs[s]["bd"]
    elif spec.attribution == "last_touch":
        deepest = max(j for j in spec.required if reached[j])
        bd = evs[pos[deepest]]["bd"]  # type: ignore[index]
    else:
        k = int(spec.attribution.split(":")[1]) - 1
        bd = evs[pos[k]]["bd"] if reached[k] else None  # type: ignore[index]
    return Chain(evs[s]["person_id"], t0, s, reached, seconds, total, bd)


def _unordered_chain(evs: list[dict[str, Any]], a: int, spec: OracleSpec) -> Chain:
    n = len(spec.steps)
    t0 = evs[a]["timestamp"]
    times: list[tuple[dt.datetime, int]] = []
    for j, name in enumerate(spec.steps):
        hits = [e["timestamp"] for e in evs[a:] if e["event"] == name]
        if hits and min(hits) - t0 <= spec.window:
            times.append((min(hits), j))
    times.sort()
    depth = len(times)
    reached = [k < depth for k in range(n)]
    seconds: list[float | None] = [None] * n
    for k in range(1, depth):
        seconds[k] = (times[k][0] - times[k - 1][0]).total_seconds()
    total = (times[-1][0] - t0).total_seconds() if depth == n else None
    return Chain(evs[a]["person_id"], t0, a, reached, seconds, total, evs[a]["bd"])


def oracle_chains(events: list[dict[str, Any]], spec: OracleSpec) -> list[Chain]:
    """The counted chains: each person's best (deepest, then earliest), or all for conversions."""
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        by_person[event["person_id"]].append(event)
    counted: list[Chain] = []
    for unordered in by_person.values():
        evs = ordered_events(unordered)
        person_chains: list[Chain] = []
        for i, e in enumerate(evs):
            if spec.order == "unordered":
                if e["event"] in spec.steps:
                    person_chains.append(_unordered_chain(evs, i, spec))
            elif e["event"] == spec.steps[0]:
                chain = _ordered_chain(evs, i, spec)
                if chain is not None:
                    person_chains.append(chain)
        if not person_chains:
            continue
        if spec.count == "conversions":
            counted += person_chains
        else:
            counted.append(min(person_chains, key=lambda c: (-c.depth, c.start, c.pos)))
    return counted


def step_summary(chains: list[Chain], n: int) -> list[tuple[int, float | None]]:
    """Per step: chains that reached it, median seconds from the previous step."""
    summary = []
    for j in range(n):
        reached = [c for c in chains if c.reached[j]]
        secs = [c.seconds[j] for c in reached if c.seconds[j] is not None]
        summary.append((len(reached), statistics.median(secs) if secs else None))
    return summary


def quantiles(values: list[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    return float(np.median(values)), float(np.percentile(values, 90))


def exists_chain_depth(evs: list[dict[str, Any]], steps: list[str], window: dt.timedelta) -> int:
    """PostHog's definition by enumeration: the most steps of any chain of distinct events in
    order (the event order above) with the last step within the window of the first."""
    best = 0
    for k in range(1, len(steps) + 1):
        for combo in itertools.combinations(range(len(evs)), k):
            if all(evs[i]["event"] == steps[j] for j, i in enumerate(combo)) and (
                evs[combo[-1]]["timestamp"] - evs[combo[0]]["timestamp"] <= window
            ):
                best = k
                break
    return best


def assert_steps_and_breakdown(result: Any, chains: list[Chain], n: int) -> None:
    """A funnel result's persons and median times per step, and its persons per step for each
    breakdown value, equal the oracle's chains."""
    import pytest  # the oracle itself runs without pytest

    expected = step_summary(chains, n)
    got = result.steps()
    assert [s["persons"] for s in got] == [e[0] for e in expected]
    for step, (_, median) in zip(got, expected, strict=True):
        if median is None:
            assert step["median_seconds_from_previous"] is None
        else:
            assert step["median_seconds_from_previous"] == pytest.approx(median)
    by_value: dict[Any, list[Chain]] = defaultdict(list)
    for chain in chains:
        by_value[chain.bd].append(chain)
    got_breakdown = {b["value"]: [s["persons"] for s in b["steps"]] for b in result.breakdown()}
    assert got_breakdown == {
        value: [e[0] for e in step_summary(group, n)] for value, group in by_value.items()
    }
