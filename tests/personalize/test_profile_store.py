"""Profiles in the store: full runs, incremental updates with a watermark, reading one person."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from journeymap.events.ingest import ingest
from journeymap.model import load_map
from journeymap.personalize.profile_build import ProfileInputs
from journeymap.personalize.profile_store import (
    has_run,
    last_watermark,
    load_profile,
    stage_counts,
    update_profiles,
)
from journeymap.store import Store, to_arrow

REPO = Path(__file__).resolve().parents[2]
JOURNEY = load_map(REPO / "examples/seed-shop/maps/seed-shop.en.yaml")


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def track(message: str, user: str, event: str, day: int, **extra: Any) -> dict[str, Any]:
    return {
        "messageId": message,
        "type": "track",
        "userId": user,
        "event": event,
        "timestamp": f"2026-03-{day:02d}T10:00:00Z",
    } | extra


FIRST = [
    track("m1", "u1", "Product Viewed", 1, properties={"product_id": "tomato-siberian-early"}),
    track("m2", "u2", "Product Viewed", 2, properties={"product_id": "basil-genovese"}),
    {
        "messageId": "m3",
        "type": "identify",
        "userId": "u2",
        "anonymousId": "anon-2",
        "traits": {"region": "siberia"},
        "timestamp": "2026-03-02T09:00:00Z",
    },
]


def _inputs(store: Store) -> ProfileInputs:
    return ProfileInputs(journey=JOURNEY, persons=store.table("persons"))


def _profiles(store: Store) -> dict[str, dict[str, Any]]:
    return {r["person_id"]: r for r in to_arrow(store.table("profiles")).to_pylist()}


def _ingest_on_duckdb(monkeypatch: pytest.MonkeyPatch, store: Store, paths: list[Path]) -> None:
    """Ingest as the DuckDB store it is; only the profile writes take the "rewrite" path."""
    with monkeypatch.context() as patch:
        patch.setattr(store, "engine", "duckdb")
        ingest(store, paths)


@pytest.mark.parametrize("engine", ["duckdb", "rewrite"])
def test_update_recomputes_only_persons_with_new_events(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open("duckdb://:memory:") as store:
        # "rewrite": the path of engines without in-place deletes (PySpark), taken on DuckDB
        monkeypatch.setattr(store, "engine", engine)
        _ingest_on_duckdb(monkeypatch, store, [write(tmp_path / "a.jsonl", FIRST)])
        first = update_profiles(store, _inputs(store), incremental=True)
        assert (first.mode, first.written, first.total) == ("full", 2, 2)  # no run before
        assert last_watermark(store, JOURNEY.id) == first.watermark
        before = _profiles(store)
        assert before["u1"]["stage"] == "research"
        later = [track("m4", "u1", "Order Completed", 5, properties={"revenue": 9})]
        _ingest_on_duckdb(monkeypatch, store, [write(tmp_path / "b.jsonl", later)])
        second = update_profiles(store, _inputs(store), incremental=True)
        assert (second.mode, second.written, second.total) == ("update", 1, 2)
        after = _profiles(store)
        assert after["u1"]["stage"] == "purchase"
        assert after["u1"]["frequency"] == 1
        assert after["u2"] == before["u2"]  # untouched, even its computed_at
        assert after["u1"]["computed_at"] > before["u1"]["computed_at"]
        assert stage_counts(store) == {"purchase": 1, "research": 1}
        nothing = update_profiles(store, _inputs(store), incremental=True)
        assert (nothing.written, nothing.total) == (0, 2)
        runs = to_arrow(store.table("profile_runs")).to_pylist()
        assert [(r["mode"], r["persons"]) for r in runs] == [
            ("full", 2),
            ("update", 1),
            ("update", 0),
        ]


@pytest.mark.parametrize("engine", ["duckdb", "rewrite"])
def test_an_update_drops_the_profile_of_a_person_merged_into_another(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    anonymous = {
        "messageId": "a",
        "type": "track",
        "anonymousId": "anon-9",
        "event": "Product Viewed",
    }
    with Store.open("duckdb://:memory:") as store:
        monkeypatch.setattr(store, "engine", engine)
        _ingest_on_duckdb(
            monkeypatch,
            store,
            [write(tmp_path / "a.jsonl", [*FIRST, anonymous | {"timestamp": "2026-03-03"}])],
        )
        update_profiles(store, _inputs(store))
        assert sorted(_profiles(store)) == ["anon-9", "u1", "u2"]
        identify = {"messageId": "b", "type": "identify", "anonymousId": "anon-9", "userId": "u1"}
        _ingest_on_duckdb(
            monkeypatch,
            store,
            [write(tmp_path / "b.jsonl", [identify | {"timestamp": "2026-03-04"}])],
        )
        result = update_profiles(store, _inputs(store), incremental=True)
        assert (result.written, result.total) == (1, 2)
        assert sorted(_profiles(store)) == ["u1", "u2"]
        assert _profiles(store)["u1"]["events"] == 3


def test_another_map_or_no_flag_means_a_full_run(tmp_path: Path) -> None:
    with Store.open("duckdb://:memory:") as store:
        ingest(store, [write(tmp_path / "a.jsonl", FIRST)])
        update_profiles(store, _inputs(store))
        no_map = update_profiles(
            store, ProfileInputs(persons=store.table("persons")), incremental=True
        )
        assert (no_map.mode, no_map.map_id) == ("full", None)
        assert set(stage_counts(store)) == {None}
        assert update_profiles(store, _inputs(store)).mode == "full"


def test_a_profile_is_found_by_any_id_of_the_person(tmp_path: Path) -> None:
    with Store.open("duckdb://:memory:") as store:
        ingest(store, [write(tmp_path / "a.jsonl", FIRST)])
        update_profiles(store, _inputs(store))
        by_user = load_profile(store, "u2")
        assert by_user is not None
        assert load_profile(store, "anon-2") == by_user
        assert by_user["traits"] == {"region": "siberia"}
        assert by_user["interests"]["items"][0]["id"] == "basil-genovese"
        assert load_profile(store, "nobody") is None


def test_an_empty_store_has_no_profiles() -> None:
    with Store.open("duckdb://:memory:") as store:
        result = update_profiles(store, incremental=True)
        assert (result.written, result.total, result.watermark) == (0, 0, None)
        assert has_run(store, None)
        assert not has_run(store, JOURNEY.id)


def test_a_run_counts_even_without_a_watermark(tmp_path: Path) -> None:
    """Events without `received_at` give a run no watermark; the run still happened, so the
    360 page and `journeymap profiles PERSON` do not recompute every profile on each visit."""
    with Store.open("duckdb://:memory:") as store:
        ingest(store, [write(tmp_path / "a.jsonl", FIRST)])
        store.duckdb.execute("UPDATE events SET received_at = NULL")
        assert not has_run(store, JOURNEY.id)
        assert update_profiles(store, _inputs(store)).watermark is None
        assert last_watermark(store, JOURNEY.id) is None
        assert has_run(store, JOURNEY.id)
        assert not has_run(store, "another-map")


@pytest.mark.spark
def test_duckdb_and_pyspark_give_the_same_profiles(spark: Any, tmp_path: Path) -> None:
    """The contract: the same events in a DuckDB and a PySpark store, the same profiles."""
    import uuid

    from journeymap.simulate import simulate, write_events

    events = write_events(
        simulate(JOURNEY, 60, seed=3, start=dt.date(2026, 1, 1), days=60), tmp_path / "e.jsonl"
    )
    later = write(
        tmp_path / "later.jsonl",
        [track("late-1", "late-buyer", "Order Completed", 20, properties={"revenue": 12})],
    )
    results = []
    url = f"pyspark://{tmp_path / 'warehouse'}?database=jm_{uuid.uuid4().hex[:8]}"
    for target in ("duckdb://:memory:", url):
        with Store.open(target) as store:
            assert all(r.ok for r in ingest(store, [events]))
            update_profiles(store, _inputs(store))
            full = to_arrow(store.table("profiles")).drop_columns(["watermark", "computed_at"])
            assert all(r.ok for r in ingest(store, [later]))
            update = update_profiles(store, _inputs(store), incremental=True)
            assert (update.mode, update.written) == ("update", 1)
            updated = to_arrow(store.table("profiles")).drop_columns(["watermark", "computed_at"])
            results.append(
                [sorted(t.to_pylist(), key=lambda r: r["person_id"]) for t in (full, updated)]
            )
    (duck, duck_updated), (on_spark, spark_updated) = results
    assert len(duck) > 50
    assert len(duck_updated) == len(duck) + 1
    assert len({r["stage"] for r in duck} - {None}) >= 3
    assert any(json.loads(r["interests"])["items"] for r in duck)
    assert duck == on_spark
    assert duck_updated == spark_updated
