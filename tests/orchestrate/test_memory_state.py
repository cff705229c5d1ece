"""The in-memory state of simulated runs records exactly what the durable one does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from journeymap.orchestrate.memory_state import MemoryStateStore
from journeymap.orchestrate.runner import Runner
from journeymap.store import Store
from tests.orchestrate.helpers import START, event, load, make_runner, write_folder

SETTINGS = """
automations: 1
channels:
  email: {kind: outbox}
default_timezone: UTC
caps:
  - {messages: 1, per: 1d}
"""

CHAIN = """
automation: 1
id: nudge
entry: {event: Cart Abandoned}
re_entry: {allowed: true, after: 1d}
holdout: 0.3
exit:
  - event: Order Completed
goal: {event: Order Completed, window: 2d}
steps:
  - id: pause
    delay: 1h
  - id: remind
    send: reminder
  - id: wait
    wait: {event: Email Link Clicked, timeout: 1d, on_match: exit}
  - id: again
    send: reminder-2
messages:
  reminder:
    channel: email
    text: {en: "your cart {{ unsubscribe_url }}"}
  reminder-2:
    channel: email
    text: {en: "still there {{ unsubscribe_url }}"}
"""

PERSONS = [f"p{i:02d}" for i in range(40)]
TABLES = ("automation_states", "automation_sends")


@pytest.fixture
def stores() -> Iterator[tuple[Store, Store]]:
    with Store.open("duckdb://:memory:") as durable, Store.open("duckdb://:memory:") as memory:
        yield durable, memory


def play(runner: Runner, clock: object) -> None:
    """Entries, clicks, orders, an unsubscribe and re-entries over three days."""
    runner.feed(event(p, "Cart Abandoned", START) for p in PERSONS)
    for hours, name, every in ((2, "Email Link Clicked", 5), (5, "Order Completed", 7),
                               (30, "Unsubscribed", 11), (50, "Cart Abandoned", 3)):  # fmt: skip
        at = START + timedelta(hours=hours)
        clock.current = at  # type: ignore[attr-defined]
        runner.tick()
        runner.feed(event(p, name, at) for i, p in enumerate(PERSONS) if i % every == 0)
    for hours in range(51, 120, 6):
        clock.current = START + timedelta(hours=hours)  # type: ignore[attr-defined]
        runner.tick()


def rows(store: Store, table: str) -> list[tuple[object, ...]]:
    return sorted(store.duckdb.execute(f"SELECT * FROM {table}").fetchall(), key=str)


def test_memory_state_saves_what_the_durable_runner_stores(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    durable, memory = stores
    automations = load(write_folder(tmp_path / "automations", {"c.yaml": CHAIN}, SETTINGS))
    profiles = {p: {"traits": {"email": f"{p}@example.com"}} for p in PERSONS}
    runner, clock = make_runner(durable, automations, tmp_path / "a.jsonl", profiles)
    play(runner, clock)
    runner, clock = make_runner(memory, automations, tmp_path / "b.jsonl", profiles)
    states = MemoryStateStore()
    runner.states = runner.sender.states = states
    play(runner, clock)
    states.save(memory, ["nudge"])
    for table in TABLES:
        assert rows(memory, table) == rows(durable, table)
    assert len(rows(durable, "automation_sends")) > len(PERSONS) // 2
