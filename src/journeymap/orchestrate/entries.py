"""Which chains an event starts: by event name, by reaching a stage of the chain's map, or by
an event of a person in a segment. Date entries (birthdays, trial ends) start from the timer
pass instead (`runner.Runner.tick`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from journeymap.model.binding import Binding, Condition
from journeymap.model.journey import JourneyMap
from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.conditions import EventMatch


def _binding_matches(binding: Binding, event: Mapping[str, Any]) -> bool:
    """A light reading of a binding for one event: name, type, channel and property values
    (equality, `eq` and `in`); other operators are left to the analytics."""
    if binding.event is not None and binding.event != event.get("event"):
        return False
    if binding.type is not None and binding.type != event.get("type"):
        return False
    if binding.channel is not None and binding.channel != event.get("channel"):
        return False
    properties = event.get("properties") or {}
    for key, wanted in binding.properties.items():
        value = properties.get(key)
        if isinstance(wanted, Condition):
            if wanted.eq is not None and value != wanted.eq:
                return False
            if wanted.in_ is not None and value not in wanted.in_:
                return False
        elif value != wanted:
            return False
    return True


def stage_bindings(journey: JourneyMap, stage_id: str) -> list[Binding]:
    stage = next((s for s in journey.stages if s.id == stage_id), None)
    if stage is None:
        return []
    touchpoints = {t.id: t for t in journey.touchpoints}
    return [
        binding
        for touchpoint_id in stage.touchpoints
        if touchpoint_id in touchpoints
        for binding in touchpoints[touchpoint_id].bindings
    ]


def starts(
    chain: Chain,
    event: Mapping[str, Any],
    profile: Mapping[str, Any],
    maps: Mapping[str, JourneyMap],
) -> bool:
    """Whether `event` (of a person with `profile`) is an entry into `chain`."""
    entry = chain.entry
    if entry.event is not None:
        return EventMatch(event=entry.event, properties=entry.properties).matches(event)
    if entry.stage is not None and chain.map is not None and chain.map in maps:
        bindings = stage_bindings(maps[chain.map], entry.stage)
        return any(_binding_matches(binding, event) for binding in bindings)
    if entry.segment is not None:
        return profile.get("segment") == entry.segment
    return False
