"""Closing the loop in simulation: a workspace's chains run on a fake clock over the simulated
events in the store, and the persons they message answer through the response model
(`simulate.responses`), whose events are fed back to the runner as they happen.

The store's events that a chain reacts to (its entry, exit, goal and wait events) are fed in
time order; between two of them the clock jumps from timer to timer. Every message sent is
answered (or not) by the response model at once, and its events join the queue at their own
times, so a click ends a wait and an order counts as the goal as they would in life. Persons in
a holdout get no message and so no response: only their simulated walk converts them.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from journeymap.model.journey import JourneyMap
from journeymap.orchestrate.channels import Channel, OutboxChannel
from journeymap.orchestrate.clock import FakeClock
from journeymap.orchestrate.load import Automations
from journeymap.orchestrate.memory_state import MemoryStateStore
from journeymap.orchestrate.profiles import MemoryProfiles, Profile
from journeymap.orchestrate.runner import Runner, RunReport, normalize
from journeymap.orchestrate.state import aware, naive
from journeymap.orchestrate.unsubscribe import UNSUBSCRIBE_EVENT
from journeymap.simulate.responses import ResponseModel, SentMessage, respond
from journeymap.store import Store

CART_EVENT = "Product Added"
"""The events whose items make a person's cart (the goal event's items)."""
CART_WINDOW = timedelta(days=7)


@dataclass
class SimulatedRun:
    """What the run did: the runner's counts and the response events it produced."""

    report: RunReport = field(default_factory=RunReport)
    sent: int = 0
    responses: list[dict[str, Any]] = field(default_factory=list)


def identify_profiles(store: Store) -> MemoryProfiles:
    """Profiles from the `identify` calls' traits (the latest value of each trait wins), with
    the trait `segment` as the profile's segment: enough for a chain on simulated events,
    without a `journeymap profiles` run."""
    rows = store.duckdb.execute(
        "SELECT person_id, traits FROM events WHERE type = 'identify' AND person_id IS NOT NULL "
        "ORDER BY timestamp, seq"
    ).fetchall()
    traits: dict[str, dict[str, Any]] = {}
    for person_id, text in rows:
        traits.setdefault(str(person_id), {}).update(json.loads(text or "{}"))
    profiles: dict[str, Profile] = {
        person: {"person_id": person, "traits": values, "segment": values.get("segment")}
        for person, values in traits.items()
    }
    return MemoryProfiles(profiles)


def simulated_channels(automations: Automations, outbox: Path) -> dict[str, Channel]:
    """Every channel of the settings writing to one outbox file: nothing leaves the machine."""
    channel = OutboxChannel(outbox)
    return dict.fromkeys(automations.settings.channels, channel)


def run_simulated(
    store: Store,
    automations: Automations,
    *,
    outbox: Path,
    start: datetime,
    end: datetime,
    model: ResponseModel | None = None,
    seed: int = 0,
    profiles: MemoryProfiles | None = None,
    maps: Mapping[str, JourneyMap] | None = None,
) -> SimulatedRun:
    """Run `automations` over the store's events from `start` to `end` on a fake clock, with
    simulated responses to every message sent. The runner's records (`automation_states`,
    `automation_sends`) of these chains replace theirs in the store; the responses are
    returned, not stored (ingest them so the reports see them). `maps` (map id -> map) are
    needed by chains that start at a stage (`entry.stage`).

    The runner keeps its state in memory (`MemoryStateStore`) and works on a scratch store
    holding the events its branches look back on: a simulated year is thousands of timers,
    and a durable commit per change would take a minute instead of a second or two."""
    profiles = profiles or identify_profiles(store)
    clock = FakeClock(start)
    events = _chain_events(store, automations, start, end)
    states = MemoryStateStore()
    with Store.open("duckdb://:memory:") as scratch:
        runner = Runner(
            scratch,
            automations,
            simulated_channels(automations, outbox),
            clock=clock,
            profiles=profiles,
            maps=maps,
        )
        runner.states = runner.sender.states = states
        looks_back = _looks_back(automations)
        if looks_back:
            _insert_events(scratch, [e for e in events if e.get("event") in looks_back])
        answers = _Answers(store, automations, profiles, model, seed, looks_back)
        result = _loop(runner, states, clock, events, end, answers)
    states.save(store, [chain.id for chain in automations.chains])
    return result


@dataclass
class _Answers:
    """The response model's side of the loop: which sends it has answered, and how."""

    store: Store
    automations: Automations
    profiles: MemoryProfiles
    model: ResponseModel | None
    seed: int
    looks_back: set[str]
    answered: int = 0

    def __post_init__(self) -> None:
        self.goals = {c.id: c.goal.event if c.goal else None for c in self.automations.chains}
        self.carts = _carts(self.store)

    def new_sends(self, states: MemoryStateStore) -> list[SentMessage]:
        sent = states.sent()
        fresh, self.answered = sent[self.answered :], len(sent)
        return [_message(send, self.goals, self.profiles, self.carts) for send in fresh]


def _loop(  # noqa: PLR0917 - the parts of the loop
    runner: Runner,
    states: MemoryStateStore,
    clock: FakeClock,
    events: list[dict[str, Any]],
    end: datetime,
    answers: _Answers,
) -> SimulatedRun:
    result = SimulatedRun()
    queue = [(event["timestamp"], order, event) for order, event in enumerate(events)]
    order = len(queue)
    heapq.heapify(queue)
    while True:
        wake = states.next_wake()
        upcoming = queue[0][0] if queue else None
        if wake is not None and wake <= end and (upcoming is None or wake <= upcoming):
            clock.current = max(wake, clock.now())
            step = runner.tick()
        elif upcoming is not None and upcoming <= end:
            _, _, event = heapq.heappop(queue)
            clock.current = max(event["timestamp"], clock.now())
            step = runner.feed([event])
        else:
            return result
        result.report.add(step)
        if not step.counts.get("sent"):
            continue
        messages = answers.new_sends(states)
        result.sent += len(messages)
        fresh = []
        for response in respond(messages, answers.model, seed=answers.seed):
            result.responses.append(response)
            event = normalize({**response, "person_id": response["userId"]})
            fresh.append(event)
            heapq.heappush(queue, (event["timestamp"], order, event))
            order += 1
        _insert_events(runner.store, [e for e in fresh if e.get("event") in answers.looks_back])


def _looks_back(automations: Automations) -> set[str]:
    """The event names a branch of a chain asks about (`when: {event: ...}`)."""
    return {
        case.when.event
        for chain in automations.chains
        for step in chain.steps
        for case in step.branch or ()
        if case.when is not None and case.when.event
    }


_COLUMNS = ("person_id", "user_id", "anonymous_id", "type", "event", "channel", "timestamp")


def _insert_events(scratch: Store, events: Sequence[Mapping[str, Any]]) -> None:
    """The events into the scratch store, for the runner's look-backs (a branch on an event)."""
    if not events:
        return
    import pyarrow as pa

    columns: dict[str, list[Any]] = {
        name: [naive(e[name]) if name == "timestamp" else e.get(name) for e in events]
        for name in _COLUMNS
    }
    columns["properties"] = [json.dumps(e.get("properties") or {}, default=str) for e in events]
    names = ", ".join((*_COLUMNS, "properties"))
    db = scratch.duckdb
    db.register("_new_events", pa.table(columns))
    try:
        db.execute(f"INSERT INTO events ({names}) SELECT {names} FROM _new_events")  # noqa: S608 - fixed names
    finally:
        db.unregister("_new_events")


def _chain_events(
    store: Store, automations: Automations, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """The stored events a chain can react to, in time order."""
    names = {UNSUBSCRIBE_EVENT, *_looks_back(automations)}
    for chain in automations.chains:
        names.update(e for e in (chain.entry.event, chain.goal and chain.goal.event) if e)
        names.update(c.event for c in chain.exit if c.event)
        names.update(s.wait.event for s in chain.steps if s.wait is not None)
        if chain.entry.event is None:
            names.add("*")
    cursor = store.duckdb.execute(
        "SELECT person_id, user_id, anonymous_id, type, event, channel, timestamp, properties "
        "FROM events WHERE timestamp >= ? AND timestamp <= ? "
        "AND (? OR event IN (SELECT unnest(?))) ORDER BY timestamp, seq",
        [naive(start), naive(end), "*" in names, sorted(names - {"*"})],
    )
    columns = [c[0] for c in cursor.description or []]
    return [normalize(dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]


def _carts(store: Store) -> dict[str, list[tuple[datetime, dict[str, Any]]]]:
    """Each person's added products with their times."""
    rows = store.duckdb.execute(
        "SELECT person_id, timestamp, properties FROM events WHERE event = ? "
        "ORDER BY timestamp, seq",
        [CART_EVENT],
    ).fetchall()
    carts: dict[str, list[tuple[datetime, dict[str, Any]]]] = {}
    for person_id, stamp, text in rows:
        item = {
            k: v
            for k, v in json.loads(text or "{}").items()
            if k in ("product_id", "category", "price", "quantity")
        }
        carts.setdefault(str(person_id), []).append((aware(stamp) or stamp, item))
    return carts


def _message(
    send: Any,
    goals: Mapping[str, str | None],
    profiles: MemoryProfiles,
    carts: Mapping[str, Sequence[tuple[datetime, dict[str, Any]]]],
) -> SentMessage:
    """What the response model needs to know of one send (the cart: the items the person
    added in the week before it, the last three)."""
    moment: datetime = send.sent_at
    profile = profiles.get(send.person_id) or {}
    items = [
        item for at, item in carts.get(send.person_id, ()) if moment - CART_WINDOW <= at <= moment
    ]
    return SentMessage(
        person_id=send.person_id,
        sent_at=moment,
        chain_id=send.chain_id,
        message_id=send.message_id,
        entries=send.entries,
        segment=profile.get("segment"),
        goal_event=goals.get(send.chain_id),
        items=tuple(items[-3:]),
    )
