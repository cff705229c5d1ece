"""Before/after for a chain entered by a stage of the map: a simulated store whose before side
is known by construction (who entered the stage, read as the runner reads the bindings, and who
reached the goal within the window of her first entry)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from journeymap.model import JourneyMap, parse_map
from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.holdout import in_holdout
from journeymap.orchestrate.load import load_automations
from journeymap.orchestrate.markers import chain_markers
from journeymap.orchestrate.state import naive
from journeymap.store import Store
from tests.orchestrate.helpers import START, event, make_runner, write_folder

MAP = """\
journeymap: 1
id: school
title: School
language: en
stages:
  - {id: trial, name: Trial, touchpoints: [booking, page]}
touchpoints:
  - {id: booking, name: Booking, bindings: [{event: Trial Booked, properties: {format: online}}]}
  - {id: page, name: Trial page, bindings: [{event: Trial Page, channel: web}]}
"""
SETTINGS = "automations: 1\nchannels:\n  email: {kind: outbox}\ndefault_timezone: UTC\n"
CHAIN = """\
automation: 1
id: trial-nudge
map: school
entry: {stage: trial}
holdout: 0.3
goal: {event: Course Purchased, window: 2d}
steps:
  - {id: nudge, send: nudge}
messages:
  nudge: {channel: email, text: {en: "come back {{ unsubscribe_url }}"}}
"""
AFTER = [f"a{i:02d}" for i in range(40)]
BEFORE = [f"b{i:02d}" for i in range(20)]
FIRST = START - timedelta(hours=40)
"""The before persons' first entry (the period is [START - 2d, START): one goal window)."""


def _before_purchase(index: int) -> float | None:
    """Hours after her first entry: within the window, after it, 49 h (within the window of
    her second entry an hour later, but she counts from her first), or none."""
    return (10.0, 60.0, 49.0, None)[index % 4]


def _page(person: str, at: Any, channel: str = "web") -> dict[str, Any]:
    return {**event(person, "Trial Page", at), "channel": channel}


def _events() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for i, person in enumerate(BEFORE):
        rows.append(_page(person, FIRST))
        rows.append(event(person, "Trial Booked", FIRST + timedelta(hours=1), format="online"))
        hours = _before_purchase(i)
        if hours is not None:
            rows.append(event(person, "Course Purchased", FIRST + timedelta(hours=hours)))
    decoys = [
        event("x1", "Trial Booked", FIRST, format="offline"),  # a property the binding refuses
        _page("x2", FIRST, channel="email"),  # the binding wants the web channel
        event("x3", "Trial Booked", START - timedelta(days=3), format="online"),  # too early
        event("x4", "Product Viewed", FIRST),  # not a touchpoint of the stage
    ]
    rows += decoys
    rows += [event(d["person_id"], "Course Purchased", FIRST + timedelta(hours=2)) for d in decoys]
    return rows


def _store_events(store: Store, rows: list[dict[str, Any]]) -> None:
    store.duckdb.executemany(
        "INSERT INTO events (message_id, type, event, channel, person_id, timestamp, "
        "properties, seq) VALUES (?, 'track', ?, ?, ?, ?, ?, ?)",
        [
            (
                f"m{n}",
                r["event"],
                r.get("channel"),
                r["person_id"],
                naive(r["timestamp"]),
                json.dumps(r["properties"]),
                n,
            )
            for n, r in enumerate(rows)
        ],
    )


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Chain, JourneyMap]]:
    tmp_path = tmp_path_factory.mktemp("stage-before")
    journey = parse_map(MAP).model
    maps = {journey.id: journey}
    automations = load_automations(
        write_folder(tmp_path / "automations", {"c.yaml": CHAIN}, SETTINGS), maps
    )
    with Store.open("duckdb://:memory:") as store:
        profiles = {p: {"traits": {"email": f"{p}@example.com"}} for p in AFTER}
        runner, clock = make_runner(
            store, automations, tmp_path / "outbox.jsonl", profiles, maps=maps
        )
        entries = [event(p, "Trial Booked", START, format="online") for p in AFTER]
        runner.feed(entries)
        clock.current = START + timedelta(hours=5)
        purchases = [
            event(p, "Course Purchased", clock.current) for i, p in enumerate(AFTER) if i % 2
        ]
        runner.feed(purchases)
        _store_events(store, _events() + entries + purchases)
        yield store, automations.chains[0], journey


def test_stage_entries_before_the_chain_are_its_before_side(
    filled: tuple[Store, Chain, JourneyMap],
) -> None:
    from scipy.stats import chi2_contingency

    store, chain, journey = filled
    result = chain_markers(store, chain, now=START + timedelta(days=3), maps={"school": journey})
    assert result.before_period == (naive(START - timedelta(days=2)), naive(START))
    assert result.before_stage == "trial"
    recovery = next(m for m in result.markers if m.name == "cart_recovery")  # the goal here
    before_hits = sum(1 for i in range(len(BEFORE)) if (_before_purchase(i) or 99) <= 48)
    assert recovery.before is not None
    assert (recovery.before.units, recovery.before.successes) == (len(BEFORE), before_hits)
    treated = [i for i, p in enumerate(AFTER) if not in_holdout(p, chain.id, 0.3)]
    hits = sum(i % 2 for i in treated)
    assert (recovery.treatment.units, recovery.treatment.successes) == (len(treated), hits)
    change = recovery.before_after
    assert change is not None
    assert change.difference == pytest.approx(hits / len(treated) - before_hits / len(BEFORE))
    table = [[hits, len(treated) - hits], [before_hits, len(BEFORE) - before_hits]]
    assert change.p_value == pytest.approx(chi2_contingency(table, correction=False).pvalue)


def test_without_the_map_a_stage_chain_has_no_before_side(
    filled: tuple[Store, Chain, JourneyMap],
) -> None:
    store, chain, _journey = filled
    result = chain_markers(store, chain, now=START + timedelta(days=3))
    assert result.before_period is None
    assert all(m.before is None and m.before_after is None for m in result.markers)
    assert all(m.effect is not None for m in result.markers if m.name != "nps")


def test_the_cli_names_the_stage(filled: tuple[Store, Chain, JourneyMap], tmp_path: Path) -> None:
    from journeymap.cli.automations_effect_cmd import print_markers
    from journeymap.cli.output import console

    store, chain, journey = filled
    result = chain_markers(store, chain, now=START + timedelta(days=3), maps={"school": journey})
    with console.capture() as captured:
        print_markers(result)
    assert "entered the stage trial from 2026-02-28 12:00 to 2026-03-02 12:00" in captured.get()
