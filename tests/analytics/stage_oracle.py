"""A plain-Python reading of the stage-metrics definitions (stages.py docstring), for tests.

Independent of the engine code: events are tagged by event name only (the maps in these tests
bind touchpoints by event name), each person's staged events are walked in order and every
number is counted from the walk.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from journeymap.model.journey import JourneyMap

EPOCH = dt.datetime(1970, 1, 1)


def event_tags(journey: JourneyMap) -> dict[str, tuple[str, str]]:
    """Event name -> (touchpoint, stage): the first touchpoint binding the name, the first stage
    listing that touchpoint, in map order."""
    stage_of: dict[str, str] = {}
    for stage in journey.stages:
        for touchpoint in stage.touchpoints:
            stage_of.setdefault(touchpoint, stage.id)
    tags: dict[str, tuple[str, str]] = {}
    for touchpoint in journey.touchpoints:
        for binding in touchpoint.bindings:
            if binding.event is not None and touchpoint.id in stage_of:
                tags.setdefault(binding.event, (touchpoint.id, stage_of[touchpoint.id]))
    return tags


def quantile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default, SQL `quantile_cont`)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class _Walk:
    """What walking every person's staged events in order yields, per stage."""

    # (time, place in the file) of each person's first and last event per stage
    first: dict[str, dict[str, tuple[int, int]]] = field(default_factory=lambda: defaultdict(dict))
    last: dict[str, dict[str, tuple[int, int]]] = field(default_factory=lambda: defaultdict(dict))
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    re_entries: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    reentering: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    used: dict[tuple[str, str], dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )

    def person(self, person: str, events: list[tuple[int, int, str, str, str | None]]) -> None:
        """`events`: (microseconds since the epoch, place in the file, stage, touchpoint,
        channel), walked in the one event order: time, then file order."""
        events.sort(key=lambda e: (e[0], e[1]))
        starts: list[tuple[int, str]] = []
        for k, (at, place, stage, touchpoint, channel) in enumerate(events):
            self.first[stage].setdefault(person, (at, place))
            self.last[stage][person] = (at, place)
            self.used[("touchpoint", stage)][touchpoint].add(person)
            if channel is not None:
                self.used[("channel", stage)][channel].add(person)
            if k == 0 or events[k - 1][2] != stage:
                starts.append((at, stage))
        spent: dict[str, int] = defaultdict(int)
        visits: dict[str, int] = defaultdict(int)
        for k, (start, stage) in enumerate(starts):
            visits[stage] += 1
            if k + 1 < len(starts):  # the last stay has no exit
                spent[stage] += starts[k + 1][0] - start
        for stage, micros in spent.items():
            self.times[stage].append(micros / 1_000_000)
        for stage, n in visits.items():
            self.re_entries[stage] += n - 1
            self.reentering[stage] += n > 1

    def converted(self, a: str, b: str) -> int:
        """Persons in `a` with an event in `b` after their first event in `a`, in the one order
        (time, then file order: an event of the same microsecond counts when the file lists it
        later)."""
        return sum(
            1 for p, start in self.first[a].items() if p in self.last[b] and self.last[b][p] > start
        )


def reference_stage_metrics(rows: list[dict[str, Any]], journey: JourneyMap) -> dict[str, Any]:
    """`StageMetrics.as_dict()` computed from dict rows with `person_id`, `event`, `timestamp`
    (naive UTC datetime, compared at full precision), optional `channel` and `seq` (the place
    in the file; default: the row's position in `rows`, as `make_events` numbers it)."""
    tags = event_tags(journey)
    by_person: dict[str, list[tuple[int, int, str, str, str | None]]] = defaultdict(list)
    for index, row in enumerate(rows):
        if row["event"] in tags:
            touchpoint, stage = tags[row["event"]]
            at = (row["timestamp"] - EPOCH) // dt.timedelta(microseconds=1)
            by_person[row["person_id"]].append(
                (at, row.get("seq", index), stage, touchpoint, row.get("channel"))
            )
    walk = _Walk()
    for person, events in by_person.items():
        walk.person(person, events)
    order = [s.id for s in journey.stages]
    result: list[dict[str, Any]] = []
    for k, stage in enumerate(journey.stages):
        persons = len(walk.first[stage.id])
        following = order[k + 1] if k + 1 < len(order) else None
        moved = walk.converted(stage.id, following) if following is not None else None
        result.append(
            {
                "stage": stage.id,
                "name": stage.name,
                "persons": persons,
                "next_stage": following,
                "converted_to_next": moved,
                "conversion_to_next": moved / persons if moved is not None and persons else None,
                "drop_off": persons - moved if moved is not None else None,
                "drop_off_share": (persons - moved) / persons
                if moved is not None and persons
                else None,
                "median_seconds": quantile(walk.times[stage.id], 0.5),
                "p90_seconds": quantile(walk.times[stage.id], 0.9),
                "re_entries": walk.re_entries[stage.id],
                "persons_reentering": walk.reentering[stage.id],
                "touchpoints": _counts(walk.used[("touchpoint", stage.id)]),
                "channels": _counts(walk.used[("channel", stage.id)]),
            }
        )
    reached = len(walk.first[order[0]]) if order else 0
    reaching_last = walk.converted(order[0], order[-1]) if len(order) > 1 else reached
    return {
        "stages": result,
        "persons_first_stage": reached,
        "persons_reaching_last": reaching_last,
        "overall_conversion": reaching_last / reached if reached else None,
    }


def _counts(persons: dict[str, set[str]]) -> dict[str, int]:
    ordered = sorted(persons.items(), key=lambda item: (-len(item[1]), item[0]))
    return {value: len(who) for value, who in ordered}


def assert_same_metrics(got: dict[str, Any], expected: dict[str, Any]) -> None:
    """Equal, with float fields compared to 1e-9 relative (quantile interpolation order)."""
    assert _rounded(got) == _rounded(expected)


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6) if abs(value) < 1e6 else float(f"{value:.12g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value
