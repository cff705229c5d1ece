"""Entries by stage of the map, by segment and by a date trait (a birthday)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from journeymap.orchestrate.load import load_automations, workspace_maps
from journeymap.store import Store
from tests.orchestrate.helpers import event, make_runner, outbox_lines, write_folder

REPO = Path(__file__).resolve().parents[2]
SETTINGS = "automations: 1\nchannels:\n  email: {kind: outbox}\nquiet_hours: null\ncaps: []\n"
BODY = """steps:
  - {id: hi, send: hi}
messages:
  hi: {channel: email, text: {en: "hi {{ chain }}"}}
"""
CHAINS = {
    "stage.yaml": "automation: 1\nid: by-stage\nmap: seed-shop-first-purchase\n"
    "entry: {stage: purchase}\n" + BODY,
    "segment.yaml": "automation: 1\nid: by-segment\nentry: {segment: vip}\n" + BODY,
    "birthday.yaml": "automation: 1\nid: birthday\n"
    "entry: {date: traits.birthday, before: 1d, yearly: true}\n"
    "re_entry: {allowed: true, after: 300d}\n" + BODY,
}
PROFILES = {
    "ann": {"traits": {"email": "a@x", "birthday": "1990-03-05"}, "segment": "vip"},
    "bob": {"traits": {"email": "b@x", "birthday": "1985-07-01"}, "segment": "basic"},
}


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open("duckdb://:memory:") as opened:
        yield opened


def test_stage_segment_and_date_entries(store: Store, tmp_path: Path) -> None:
    maps = workspace_maps((REPO / "examples" / "seed-shop" / "maps").glob("*.en.yaml"))
    folder = write_folder(tmp_path / "automations", CHAINS, SETTINGS)
    automations = load_automations(folder, maps)
    start = datetime(2026, 3, 3, 12, tzinfo=UTC)
    runner, clock = make_runner(
        store, automations, tmp_path / "outbox.jsonl", PROFILES, start=start, maps=maps
    )
    runner.feed([event("bob", "Checkout Started", start)])  # bound to the purchase stage
    runner.feed([event("bob", "Product Viewed", start)])  # not a purchase touchpoint
    runner.feed([event("ann", "Product Viewed", start)])  # ann is in the vip segment
    for _day in range(3):  # ann's birthday is on 5 March: she enters on the 4th
        runner.tick()
        clock.advance(timedelta(days=1))
    sent = {(line["person_id"], line["chain"]) for line in outbox_lines(tmp_path / "outbox.jsonl")}
    assert sent == {("bob", "by-stage"), ("ann", "by-segment"), ("ann", "birthday")}
    entered = store.duckdb.execute(
        "SELECT entered_at FROM automation_states WHERE chain_id = 'birthday'"
    ).fetchall()
    assert [row[0].day for row in entered] == [4]
