"""Profiles of a few hand-made persons, each value worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import ibis
import pyarrow as pa
import pytest

from journeymap.model.journey import JourneyMap
from journeymap.personalize.profile_build import ProfileInputs, build_profiles
from journeymap.personalize.profile_settings import ProfileSettings
from journeymap.store.tables import PERSONS_SCHEMA
from tests.personalize.conftest import duckdb_events

AS_OF = dt.datetime(2026, 3, 31, 12, 0)
JOURNEY = JourneyMap.model_validate(
    {
        "id": "shop",
        "title": "Shop",
        "stages": [
            {"id": "browse", "name": "Browsing", "touchpoints": ["catalog"]},
            {"id": "buy", "name": "Buying", "touchpoints": ["cart", "order"]},
        ],
        "touchpoints": [
            {"id": "catalog", "name": "Catalog", "bindings": [{"event": "Product Viewed"}]},
            {"id": "cart", "name": "Cart", "bindings": [{"event": "Product Added"}]},
            {"id": "order", "name": "Order", "bindings": [{"event": "Order Completed"}]},
        ],
    }
)


def _event(person: str, event: str, when: str, **extra: Any) -> dict[str, Any]:
    base = {
        "person_id": person,
        "event": event,
        "timestamp": when,
        "channel": "web",
        "type": "track",
    }
    return base | extra


ROWS = [
    _event("ann", "Product Viewed", "2026-03-01 09:00", properties={"product_id": "tomato"}),
    _event("ann", "Product Viewed", "2026-03-31 09:00", properties={"product_id": "basil"}),
    _event("ann", "Product Added", "2026-03-31 10:00", properties={"product_id": "tomato"}),
    _event("ann", "Product Viewed", "2026-03-31 11:00", properties={"product_id": "basil"}),
    _event(
        "ann",
        "Order Completed",
        "2026-03-31 12:00",
        properties={"revenue": 30},
        context={"locale": "ru-RU", "device": {"type": "mobile"}, "timezone": "Asia/Omsk"},
    ),
    _event("bob", "Product Viewed", "2026-03-21 12:00", properties={"product_id": "tomato"}),
    _event("bob", "Order Completed", "2026-03-30 12:00", properties={"total": 10}),
    _event("bob", "Order Completed", "2026-03-31 12:00", properties={"total": 5}),
    _event("bob", "Email Opened", "2026-03-31 07:00", channel="email"),
    _event("cy", "Page Viewed", "2026-03-15 08:00", channel="email", type="page"),
]
CATEGORIES = {"tomato": "vegetables", "basil": "herbs"}


def _persons(events: Any) -> Any:
    traits = {"ann": {"region": "siberia", "segment": "gardeners"}, "bob": {"language": "en"}}
    rows = [
        {"person_id": p, "traits": json.dumps(t), "events": 1, "ids": "[]"}
        for p, t in traits.items()
    ]
    arrow = pa.Table.from_pylist(rows, schema=PERSONS_SCHEMA.to_pyarrow())
    return events._find_backend().create_table("persons", arrow, overwrite=True)


@pytest.fixture(scope="module")
def profiles() -> dict[str, dict[str, Any]]:
    events = duckdb_events(ROWS)
    inputs = ProfileInputs(journey=JOURNEY, persons=_persons(events), categories=CATEGORIES)
    table = build_profiles(events, inputs, as_of=AS_OF)
    return {row["person_id"]: row for row in table.to_pylist()}


def test_one_row_per_person(profiles: dict[str, dict[str, Any]]) -> None:
    assert sorted(profiles) == ["ann", "bob", "cy"]
    assert [profiles[p]["events"] for p in ("ann", "bob", "cy")] == [5, 4, 1]


def test_interests_decay_by_half_every_30_days(profiles: dict[str, dict[str, Any]]) -> None:
    interests = json.loads(profiles["ann"]["interests"])
    half = 0.5 ** (30.125 / 30)  # the 1 March view, 30 days and 3 hours before the as-of time
    tomato = 1 * half + 3 * 0.5 ** (2 / 24 / 30)
    basil = 0.5 ** (3 / 24 / 30) + 0.5 ** (1 / 24 / 30)
    assert interests["items"] == [
        {"id": "tomato", "score": pytest.approx(tomato, abs=1e-6)},
        {"id": "basil", "score": pytest.approx(basil, abs=1e-6)},
    ]
    # categories come from the catalog when events carry none
    assert [c["id"] for c in interests["categories"]] == ["vegetables", "herbs"]
    assert json.loads(profiles["cy"]["interests"]) == {"items": [], "categories": []}


def test_stage_and_history_follow_the_maps_bindings(profiles: dict[str, dict[str, Any]]) -> None:
    ann = profiles["ann"]
    assert ann["stage"] == "buy"
    assert ann["last_touchpoint"] == "order"
    # browse -> buy (cart) -> browse (basil view) -> buy (order): the current stay began at noon
    assert ann["stage_since"] == dt.datetime(2026, 3, 31, 12, 0)
    history = json.loads(ann["stage_history"])
    assert [(h["stage"], h["stays"]) for h in history] == [("browse", 2), ("buy", 2)]
    assert history[0]["name"] == "Browsing"
    assert profiles["cy"]["stage"] is None


def test_rfm_from_purchases(profiles: dict[str, dict[str, Any]]) -> None:
    ann, bob, cy = profiles["ann"], profiles["bob"], profiles["cy"]
    assert (ann["frequency"], ann["monetary"], ann["recency_days"]) == (1, 30.0, 0.0)
    assert (bob["frequency"], bob["monetary"], bob["recency_days"]) == (2, 15.0, 0.0)
    # two purchasers: ranks 0 and 1 of 2 give scores 1 and 3; equal recency shares a score
    assert (ann["r_score"], ann["f_score"], ann["m_score"]) == (1, 1, 3)
    assert (bob["r_score"], bob["f_score"], bob["m_score"]) == (1, 3, 1)
    assert (cy["frequency"], cy["r_score"]) == (0, None)


def test_traits_preferences_and_time_zone(profiles: dict[str, dict[str, Any]]) -> None:
    ann, bob = profiles["ann"], profiles["bob"]
    assert json.loads(ann["traits"]) == {"region": "siberia", "segment": "gardeners"}
    assert ann["segment"] is None  # the segment trait is read from the events' traits
    assert (ann["preferred_channel"], ann["preferred_device"]) == ("web", "mobile")
    assert (ann["preferred_language"], ann["timezone"]) == ("ru", "Asia/Omsk")
    assert bob["preferred_language"] == "en"  # no locale in events: the trait
    assert bob["preferred_channel"] == "web"  # 3 web events against 1 e-mail


def test_send_hours_fall_back_to_everyone(profiles: dict[str, dict[str, Any]]) -> None:
    ann = json.loads(profiles["ann"]["send_hours"])
    assert ann["web"] == {"hour": 9, "source": "person", "evidence": 2}
    bob = json.loads(profiles["bob"]["send_hours"])
    assert bob["web"]["source"] == "everyone"  # 3 web events are fewer than 5
    assert bob["email"] == {"hour": 7, "source": "everyone", "evidence": 1}


def test_a_segment_with_enough_events_gives_its_hour() -> None:
    rows = [
        _event(f"p{k}", "Product Viewed", f"2026-03-{k + 1:02d} 06:00", traits={"segment": "a"})
        for k in range(6)
    ] + [_event("q", "Product Viewed", "2026-03-01 20:00", traits={"segment": "a"})]
    settings = ProfileSettings(min_segment_events=7)
    table = build_profiles(duckdb_events(rows), ProfileInputs(settings=settings), as_of=AS_OF)
    hours = {r["person_id"]: json.loads(r["send_hours"])["web"] for r in table.to_pylist()}
    assert hours["q"] == {"hour": 6, "source": "segment", "evidence": 6}
    assert {r["segment"] for r in table.to_pylist()} == {"a"}


def test_a_scoped_build_equals_the_full_one_for_its_persons() -> None:
    events = duckdb_events(ROWS)
    inputs = ProfileInputs(journey=JOURNEY, persons=_persons(events), categories=CATEGORIES)
    stamp = dt.datetime(2026, 4, 1)
    full = build_profiles(events, inputs, as_of=AS_OF, computed_at=stamp).to_pylist()
    scope = ibis.memtable({"person": ["bob"]})
    scoped = build_profiles(events, inputs, scope=scope, as_of=AS_OF, computed_at=stamp)
    assert scoped.to_pylist() == [row for row in full if row["person_id"] == "bob"]


def test_no_events_no_profiles() -> None:
    events = duckdb_events(ROWS)
    assert build_profiles(events.filter(events.event == "nothing")).num_rows == 0
