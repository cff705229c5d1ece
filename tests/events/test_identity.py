"""Identity stitching: transitive, order-independent, deterministic person ids, late aliases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.events.identity import Link, person_ids
from journeymap.events.ingest import ingest_file
from journeymap.store import Store
from tests.events.conftest import rows, write_jsonl

ANONYMOUS = ["a1", "a2", "a3", "a4"]
USERS = ["u1", "u2", "u3"]


def _call(kind: str, anonymous: str | None, user: str | None, minute: int) -> dict[str, Any]:
    record: dict[str, Any] = {
        "type": kind,
        "timestamp": f"2024-01-01T10:{minute:02d}:00Z",
    }
    if kind == "alias":
        record.update(previousId=anonymous or "a1", userId=user or "u1")
    else:
        if anonymous:
            record["anonymousId"] = anonymous
        if user:
            record["userId"] = user
        if not anonymous and not user:
            record["anonymousId"] = "a1"
    if kind == "track":
        record["event"] = "Clicked"
    if kind == "identify":
        record["traits"] = {"minute": minute}
    return record


calls = st.lists(
    st.builds(
        _call,
        st.sampled_from(["track", "identify", "alias", "page"]),
        st.none() | st.sampled_from(ANONYMOUS),
        st.none() | st.sampled_from(USERS),
        st.integers(0, 59),
    ),
    min_size=1,
    max_size=12,
)


def _numbered(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(r, messageId=f"m{i}") for i, r in enumerate(records)]


def _outcome(store: Store) -> tuple[object, ...]:
    return (
        rows(store, "SELECT id, id_kind, person_id FROM identities ORDER BY id"),
        rows(
            store,
            "SELECT person_id, ids, events, traits, first_seen, last_seen FROM persons"
            " ORDER BY person_id",
        ),
        rows(store, "SELECT message_id, person_id FROM events ORDER BY message_id"),
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=calls, order=st.randoms(use_true_random=False), cuts=st.integers(1, 3))
def test_any_order_of_calls_gives_the_same_persons(
    tmp_path: Path, records: list[dict[str, Any]], order: Any, cuts: int
) -> None:
    numbered = _numbered(records)
    with Store.open("duckdb://:memory:") as reference:
        ingest_file(reference, write_jsonl(tmp_path / "all.jsonl", numbered))
        expected = _outcome(reference)
    shuffled = list(numbered)
    order.shuffle(shuffled)
    size = -(-len(shuffled) // cuts)
    with Store.open("duckdb://:memory:") as store:
        for part in range(cuts):
            chunk = shuffled[part * size : (part + 1) * size]
            if chunk:
                ingest_file(store, write_jsonl(tmp_path / f"part{part}.jsonl", chunk))
        assert _outcome(store) == expected


@given(
    links=st.lists(
        st.tuples(st.sampled_from(ANONYMOUS + USERS), st.sampled_from(ANONYMOUS + USERS)),
        max_size=10,
    ),
    order=st.randoms(use_true_random=False),
)
def test_person_ids_do_not_depend_on_link_order(links: list[tuple[str, str]], order: Any) -> None:
    ids = set(ANONYMOUS + USERS)
    evidence = [Link(a, b, "identify", f"m{i}") for i, (a, b) in enumerate(links)]
    expected, _ = person_ids(ids, set(USERS), evidence)
    order.shuffle(evidence)
    assert person_ids(ids, set(USERS), evidence)[0] == expected
    for item, person in expected.items():
        members = {i for i, p in expected.items() if p == person}
        users = sorted(members & set(USERS))
        assert person == (users[0] if users else min(members)), item


def test_links_are_transitive_and_the_smallest_user_id_wins(store: Store, tmp_path: Path) -> None:
    ingest_file(
        store,
        write_jsonl(
            tmp_path / "t.jsonl",
            [
                _call("identify", "a1", "u2", 1),
                _call("identify", "a2", "u2", 2),
                _call("identify", "a2", "u1", 3),
                _call("alias", "a3", "u1", 4),
                _call("track", "a4", None, 5),
            ],
        ),
    )
    assert rows(store, "SELECT person_id, ids FROM persons ORDER BY 1") == [
        ("a4", '["a4"]'),
        ("u1", '["a1","a2","a3","u1","u2"]'),
    ]
    assert rows(store, "SELECT count(*) FROM identity_merges") == [(4,)]


def test_late_alias_restitches_earlier_events(store: Store, tmp_path: Path) -> None:
    first = ingest_file(
        store,
        write_jsonl(
            tmp_path / "day1.jsonl",
            [
                dict(_call("track", "anon-9", None, 1), messageId="e1"),
                dict(_call("page", "anon-9", None, 2), messageId="e2"),
                dict(_call("track", None, "user-5", 3), messageId="e3"),
            ],
        ),
    )
    assert first.rows_stored == 3
    assert rows(store, "SELECT count(*) FROM persons") == [(2,)]
    late = ingest_file(
        store,
        write_jsonl(
            tmp_path / "day2.jsonl", [dict(_call("alias", "anon-9", "user-5", 9), messageId="e4")]
        ),
    )
    assert late.persons_remapped == 1
    assert rows(store, "SELECT DISTINCT person_id FROM events") == [("user-5",)]
    assert rows(store, "SELECT person_id, events, ids FROM persons") == [
        ("user-5", 4, '["anon-9","user-5"]')
    ]
    assert rows(
        store, "SELECT id, other_id, person_id, reason, message_id FROM identity_merges"
    ) == [("anon-9", "user-5", "user-5", "alias", "e4")]


def test_traits_latest_wins_and_history_is_kept(store: Store, tmp_path: Path) -> None:
    newer = {
        "type": "identify",
        "userId": "u1",
        "messageId": "i2",
        "timestamp": "2024-02-01T00:00:00Z",
        "traits": {"plan": "pro", "city": "Kazan"},
    }
    older = {
        "type": "identify",
        "userId": "u1",
        "messageId": "i1",
        "timestamp": "2024-01-01T00:00:00Z",
        "traits": {"plan": "free", "name": "Marina"},
    }
    ingest_file(store, write_jsonl(tmp_path / "new.jsonl", [newer]))
    ingest_file(store, write_jsonl(tmp_path / "old.jsonl", [older]))
    traits = json.loads(rows(store, "SELECT traits FROM persons")[0][0])
    assert traits == {"plan": "pro", "city": "Kazan", "name": "Marina"}
    assert rows(
        store, "SELECT trait, value, message_id FROM trait_history ORDER BY trait, timestamp"
    ) == [
        ("city", '"Kazan"', "i2"),
        ("name", '"Marina"', "i1"),
        ("plan", '"free"', "i1"),
        ("plan", '"pro"', "i2"),
    ]


def test_an_id_seen_later_as_a_user_id_changes_the_person_id(tmp_path: Path) -> None:
    linked = {
        "type": "identify",
        "anonymousId": "b",
        "userId": "c",
        "messageId": "x1",
        "timestamp": "2024-01-01T00:00:00Z",
    }
    as_user = {
        "type": "track",
        "event": "Login",
        "userId": "b",
        "messageId": "x2",
        "timestamp": "2024-01-02T00:00:00Z",
    }
    outcomes = []
    for order in ([linked, as_user], [as_user, linked]):
        with Store.open("duckdb://:memory:") as store:
            for i, record in enumerate(order):
                ingest_file(store, write_jsonl(tmp_path / f"{i}.jsonl", [record]))
            outcomes.append(_outcome(store))
            assert rows(store, "SELECT DISTINCT person_id FROM events") == [("b",)]
    assert outcomes[0] == outcomes[1]
