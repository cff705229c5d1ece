"""A chain run on simulated customers with the response model in the loop: holdout persons
never hear from it, and a chain with a true positive effect measures a positive lift."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from journeymap.events.ingest import ingest_file
from journeymap.orchestrate.effect import chain_effect
from journeymap.orchestrate.load import Automations
from journeymap.orchestrate.profiles import MemoryProfiles
from journeymap.orchestrate.simulated_run import SimulatedRun, run_simulated
from journeymap.simulate.responses import ResponseModel, ResponseRates
from journeymap.store import Store
from tests.orchestrate.helpers import START, load, outbox_lines, write_folder

SETTINGS = """
automations: 1
channels:
  email:
    {kind: smtp, host: localhost, port: 2525, sender: "a@shop.example", address: traits.email}
default_timezone: UTC
"""

REMINDER = """
automation: 1
id: cart-reminder
entry: {event: Checkout Started}
holdout: 0.3
exit:
  - event: Order Completed
goal: {event: Order Completed, window: 3d}
steps:
  - id: pause
    delay: 1h
  - id: remind
    send: reminder
  - id: wait-for-click
    wait:
      {event: Email Link Clicked, properties: {campaign: cart-reminder}, timeout: 1d,
       on_match: exit}
  - id: again
    send: again
messages:
  reminder:
    channel: email
    text: {en: "your cart {{ unsubscribe_url }}"}
  again:
    channel: email
    text: {en: "still there {{ unsubscribe_url }}"}
"""

PERSONS = [f"u{i:03d}" for i in range(400)]
DAYS = 20
STRONG = ResponseModel(default=ResponseRates(open=0.9, click=0.7, convert=0.6))


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open("duckdb://:memory:") as opened:
        yield opened


def simulated_checkouts(store: Store, tmp_path: Path) -> None:
    """Each person starts checkout once; a fifth of them orders on their own a day later."""
    chance = random.Random(5)
    lines = []
    for index, person in enumerate(PERSONS):
        at = START + timedelta(minutes=chance.randrange(DAYS * 24 * 60 - 5 * 24 * 60))
        lines.append(_line(person, "Checkout Started", at, index))
        if chance.random() < 0.2:
            lines.append(_line(person, "Order Completed", at + timedelta(days=1), index + 10_000))
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert ingest_file(store, path).rows_stored == len(lines)


def _line(person: str, name: str, at: datetime, index: int) -> dict[str, object]:
    return {
        "messageId": f"m{index}",
        "type": "track",
        "event": name,
        "userId": person,
        "timestamp": at.isoformat().replace("+00:00", "Z"),
        "properties": {},
        "context": {"simulated": True},
    }


def run(store: Store, tmp_path: Path, automations: Automations, seed: int = 0) -> SimulatedRun:
    profiles = MemoryProfiles({p: {"traits": {"email": f"{p}@example.com"}} for p in PERSONS})
    return run_simulated(
        store,
        automations,
        outbox=tmp_path / "outbox.jsonl",
        start=START,
        end=START + timedelta(days=DAYS),
        model=STRONG,
        seed=seed,
        profiles=profiles,
    )


def test_holdout_gets_no_message_and_no_response_and_the_lift_is_measured(
    store: Store, tmp_path: Path
) -> None:
    simulated_checkouts(store, tmp_path)
    automations = load(write_folder(tmp_path / "automations", {"c.yaml": REMINDER}, SETTINGS))
    result = run(store, tmp_path, automations)

    groups = dict(store.duckdb.execute("SELECT person_id, grp FROM automation_states").fetchall())
    assert len(groups) == len(PERSONS)
    held = {p for p, grp in groups.items() if grp != "treatment"}
    assert 60 < len(held) < 180
    responders = {str(e["userId"]) for e in result.responses}
    assert responders
    assert not responders & held
    sent_to = {line["person_id"] for line in outbox_lines(tmp_path / "outbox.jsonl")}
    assert sent_to
    assert not sent_to & held
    assert len(outbox_lines(tmp_path / "outbox.jsonl")) == result.sent
    assert all(e["context"]["simulated"] for e in result.responses)

    effect = chain_effect(store, automations.chains[0], now=START + timedelta(days=DAYS))
    assert effect.effect is not None
    assert effect.holdout.rate == pytest.approx(0.2, abs=0.1)  # only the baseline converts
    assert effect.effect.difference > 0.15  # about 0.9 * 0.7 * 0.6 of the non-buyers ordered
    assert effect.effect.ci_low > 0


def test_a_chain_that_does_nothing_measures_no_lift(store: Store, tmp_path: Path) -> None:
    simulated_checkouts(store, tmp_path)
    automations = load(write_folder(tmp_path / "automations", {"c.yaml": REMINDER}, SETTINGS))
    profiles = MemoryProfiles({p: {"traits": {"email": f"{p}@example.com"}} for p in PERSONS})
    result = run_simulated(
        store,
        automations,
        outbox=tmp_path / "outbox.jsonl",
        start=START,
        end=START + timedelta(days=DAYS),
        model=ResponseModel(default=ResponseRates(open=0.0)),
        profiles=profiles,
    )
    assert result.sent > 0
    assert result.responses == []
    effect = chain_effect(store, automations.chains[0], now=START + timedelta(days=DAYS))
    assert effect.effect is not None
    assert effect.effect.ci_low < 0 < effect.effect.ci_high


STAGE_CHAIN = """
automation: 1
id: checkout-nudge
map: seed-shop-first-purchase
entry: {stage: purchase}
goal: {event: Order Completed, window: 3d}
steps:
  - id: remind
    send: reminder
messages:
  reminder:
    channel: email
    text: {en: "hello {{ unsubscribe_url }}"}
"""
REPO = Path(__file__).resolve().parents[2]


def test_a_chain_entered_at_a_stage_runs_with_the_maps(store: Store, tmp_path: Path) -> None:
    from journeymap.orchestrate.load import load_automations, workspace_maps

    simulated_checkouts(store, tmp_path)  # Checkout Started is bound to the purchase stage
    maps = workspace_maps((REPO / "examples" / "seed-shop" / "maps").glob("*.en.yaml"))
    folder = write_folder(tmp_path / "automations", {"c.yaml": STAGE_CHAIN}, SETTINGS)
    automations = load_automations(folder, maps)
    profiles = MemoryProfiles({p: {"traits": {"email": f"{p}@example.com"}} for p in PERSONS})
    result = run_simulated(
        store, automations, outbox=tmp_path / "outbox.jsonl", start=START,
        end=START + timedelta(days=DAYS), profiles=profiles, maps=maps,
    )  # fmt: skip
    assert result.report.counts["entered treatment"] > 0
    assert result.sent > 0
