"""Finding a customer by any id or by a trait value, and her timeline on a map."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from journeymap.analytics.bind import bind_events
from journeymap.analytics.person_timeline import person_timeline
from journeymap.events.ingest import ingest
from journeymap.model import load_map
from journeymap.personalize.person_search import find_persons, person_record
from journeymap.store import Store

SEED_SHOP = Path(__file__).resolve().parents[2] / "examples" / "seed-shop" / "maps"


def _row(n: int, user: str, event: str, anonymous: str | None = None) -> dict[str, object]:
    row: dict[str, object] = {
        "messageId": f"m{n}",
        "type": "track",
        "userId": user,
        "event": event,
        "context": {"traits": {"email": f"{user}@Example.org", "city": "Kazan"}},
        "timestamp": f"2026-03-01T10:0{n}:00Z",
    }
    if anonymous:
        row["anonymousId"] = anonymous
    return row


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("people")
    rows = [
        _row(0, "anna", "Product List Viewed", anonymous="a-1"),
        _row(1, "anna", "Order Completed"),
        _row(2, "boris", "Product Viewed"),
    ]
    events = folder / "events.jsonl"
    events.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Store.open(f"duckdb://{folder / 'store.duckdb'}") as opened:
        ingest(opened, [events])
        yield opened


def test_any_id_finds_the_person(store: Store) -> None:
    assert [p["person_id"] for p in find_persons(store, "anna")] == ["anna"]
    assert [p["person_id"] for p in find_persons(store, " a-1 ")] == ["anna"]
    record = person_record(store, "anna")
    assert record is not None
    assert set(record["ids"]) == {"anna", "a-1"}


def test_a_trait_value_finds_persons_exactly_and_in_any_case(store: Store) -> None:
    assert [p["person_id"] for p in find_persons(store, "BORIS@example.org")] == ["boris"]
    assert [p["person_id"] for p in find_persons(store, "kazan")] == ["anna", "boris"]
    assert [p["person_id"] for p in find_persons(store, "city=Kazan", limit=1)] == ["anna"]
    assert find_persons(store, "email=Kazan") == []  # the named trait must hold it
    assert find_persons(store, "Kaz") == []  # a part of a value is not a match
    assert find_persons(store, "  ") == []


def test_the_timeline_is_hers_latest_first_and_bound_to_the_map(store: Store) -> None:
    journey = load_map(SEED_SHOP / "seed-shop.en.yaml")
    rows = person_timeline(bind_events(store.events(), journey), "anna")
    assert [r["event"] for r in rows] == ["Order Completed", "Product List Viewed"]
    assert [r["stage"] for r in rows] == ["purchase", "research"]
    assert person_timeline(store.events(), "anna", limit=1)[0]["event"] == "Order Completed"
