"""Streaming and bounded memory: chunked reading, DuckDB's memory limit, one-pass checks.

Chunk size and memory limit are implementation choices: they must never change what is stored,
counted or quarantined.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from journeymap.events.ingest import ingest_file
from journeymap.events.memory import memory_budget
from journeymap.events.options import IngestOptions
from journeymap.events.results import ImportResult
from journeymap.store import Store
from tests.events.conftest import write_jsonl

# every column the import decides (not the wall-clock columns received_at / quarantined_at)
CONTENT = {
    "events": "message_id, type, event, anonymous_id, user_id, person_id, timestamp, channel, "
    "properties, context, traits, source",
    "persons": "person_id, first_seen, last_seen, events, traits, ids",
    "identities": "id, id_kind, person_id",
    "identity_merges": "id, other_id, person_id, reason, message_id",
    "trait_history": "person_id, trait, value, timestamp, message_id",
    "quarantine": "quarantine_id, source, row_number, raw, reason",
}


def _content(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: sorted(store.duckdb.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
        for table, columns in CONTENT.items()
    }


def _records() -> list[Any]:
    """Tracks, identifies, aliases, repeats without ids, bad rows and a batch line."""
    records: list[Any] = []
    for n in range(40):
        person = f"u{n % 7}"
        records.append(
            {
                "type": "track",
                "event": "Product Viewed",
                "anonymousId": f"a{n % 11}",
                "userId": person if n % 3 else None,
                "timestamp": f"2024-03-0{1 + n % 5}T10:00:0{n % 4}Z",
                "properties": {"sku": f"s{n % 4}"},
            }
        )
        if n % 9 == 0:
            records.append(
                {
                    "type": "identify",
                    "userId": person,
                    "traits": {"plan": f"p{n}"},
                    "timestamp": f"2024-03-02 1{n % 10}:00:00",
                    "messageId": f"i{n}",
                }
            )
        if n % 13 == 0:
            records.append("{truncated")
            records.append({"type": "track", "userId": person, "timestamp": "2024-03-01"})
    records.append(
        {
            "type": "alias",
            "previousId": "a3",
            "userId": "u5",
            "timestamp": "2024-03-09T00:00:00Z",
            "messageId": "al1",
        }
    )
    records.append(
        {
            "batch": [
                {
                    "type": "track",
                    "event": "Order Completed",
                    "userId": "u1",
                    "timestamp": "2024-03-04T00:00:00Z",
                }
            ]
            * 2
        }
    )
    duplicate = {
        "type": "track",
        "event": "X",
        "userId": "u1",
        "messageId": "dup",
        "timestamp": "2024-03-01T00:00:00Z",
    }
    records += [duplicate, dict(duplicate)]
    records.append(
        {
            "type": "track",
            "event": "Y",
            "userId": "u1",
            "messageId": "dup",
            "timestamp": "2024-03-01T00:00:00Z",
        }
    )
    return records


def _counts(result: ImportResult) -> tuple[Any, ...]:
    return (
        result.rows_read,
        result.rows_stored,
        result.rows_duplicate,
        result.rows_quarantined,
        result.reasons,
    )


def test_chunk_size_changes_nothing(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "calls.jsonl", _records())
    outcomes = []
    for chunk_rows in (3, 7, 100_000):
        with Store.open("duckdb://:memory:") as store:
            result = ingest_file(store, path, IngestOptions(chunk_rows=chunk_rows))
            assert result.ok, result.error
            outcomes.append((_counts(result), _content(store)))
    assert outcomes[0] == outcomes[1] == outcomes[2]
    # 58 lines, the batch line holds 2 events; the in-file duplicate is the second "dup"
    assert outcomes[0][0] == (
        59,
        49,
        1,
        9,
        {
            "invalid JSON": 4,
            "missing event name": 4,
            "duplicate message id with different content": 1,
        },
    )


def test_identical_rows_without_ids_are_numbered_across_chunks(tmp_path: Path) -> None:
    same = {"type": "track", "event": "Click", "userId": "u1", "timestamp": "2024-03-01T00:00:00Z"}
    path = write_jsonl(tmp_path / "clicks.jsonl", [same] * 5)
    with Store.open("duckdb://:memory:") as store:
        result = ingest_file(store, path, IngestOptions(chunk_rows=2))
        ids = [r[0] for r in store.duckdb.execute("SELECT message_id FROM events").fetchall()]
        again = ingest_file(store, path, IngestOptions(chunk_rows=3))
    assert result.rows_stored == 5
    assert sorted(ids)[0].startswith("h:")
    assert sorted(i.rsplit(":", 1)[-1] for i in ids if i.count(":") == 2) == ["2", "3", "4", "5"]
    assert (again.rows_stored, again.rows_duplicate) == (0, 5)


def test_a_low_memory_limit_stores_the_same(tmp_path: Path) -> None:
    lines = [
        {
            "type": "track",
            "event": f"E{n % 5}",
            "userId": f"u{n % 300}",
            "anonymousId": f"a{n % 450}",
            "timestamp": f"2024-03-01T00:{n % 60:02d}:00Z",
            "properties": {"text": "x" * 1000, "n": n},
        }
        for n in range(30_000)
    ]
    path = write_jsonl(tmp_path / "big.jsonl", lines)
    contents = []
    for limit in ("128MB", None):
        with Store.open(f"duckdb://{tmp_path / f'store-{limit}.duckdb'}") as store:
            result = ingest_file(store, path, IngestOptions(memory_limit=limit))
            assert result.ok, result.error
            contents.append(_content(store))
    assert contents[0] == contents[1]
    assert len(contents[0]["events"]) == 30_000


def test_memory_budget_restores_the_settings() -> None:
    with Store.open("duckdb://:memory:") as store:
        con = store.duckdb

        def settings() -> tuple[Any, ...]:
            row = con.execute(
                "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
            ).fetchone()
            assert row is not None
            return tuple(row)

        default = settings()
        with memory_budget(con, "100MB"):
            inside = settings()
        assert settings()[0] == default[0]
        con.execute("SET memory_limit = '3GB'")
        custom = settings()
        with memory_budget(con, "100MB"), memory_budget(con, "200MB"):
            pass
        assert settings()[0] == custom[0]
    assert inside[0] == "95.3 MiB"
    assert (default[1], inside[1]) == (
        ".tmp",
        str(Path(tempfile.gettempdir()) / "journeymap-spill"),
    )


def test_csv_in_one_pass_keeps_counts_and_quarantine(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(
        "event_id,user_id,event,ts\n"
        "e1,u1,Order Completed,2024-02-01 10:00:00\n"
        "e1,u1,Order Completed,2024-02-01 10:00:00\n"  # same id, same content: duplicate
        "e1,u1,Order Refunded,2024-02-01 10:00:00\n"  # same id, other content: quarantine
        ",u2,Order Completed,2024-02-01 11:00:00\n"  # no id: hashed
        ",u2,Order Completed,2024-02-01 11:00:00\n"  # identical: second occurrence
        "e4,,Order Completed,2024-02-01 12:00:00\n"  # no person
        "e5,u3,Order Completed,not a time\n"
        "e6,u3,Order Completed,2024-02-01,extra\n",  # malformed line
        encoding="utf-8",
    )
    first = ingest_file(store, path)
    second = ingest_file(store, path)
    assert _counts(first)[:4] == (8, 3, 1, 4)
    assert set(first.reasons) == {
        "duplicate message id with different content",
        "missing person (no user id or anonymous id)",
        "unparsable time",
        next(r for r in first.reasons if r.startswith("malformed CSV row")),
    }
    assert _counts(second)[:4] == (8, 0, 4, 4)
    quarantined = store.duckdb.execute("SELECT count(*) FROM quarantine").fetchone()
    assert quarantined == (4,)


@pytest.mark.parametrize("text", ["", " ", "  x ", "x", "x y", "\tx", "x\t", "\u00a0x", "é ", "ё"])
def test_blank_to_null_is_nullif_trim(text: str) -> None:
    from journeymap.events.tabular import blank_to_null

    with Store.open("duckdb://:memory:") as store:
        fast, plain = store.duckdb.execute(
            f"SELECT {blank_to_null('$t')}, nullif(trim($t), '')", {"t": text}
        ).fetchone() or (None, None)
    assert fast == plain


def test_a_store_with_a_lower_limit_keeps_it(tmp_path: Path) -> None:
    with Store.open(f"duckdb://{tmp_path / 's.duckdb'}?memory_limit=64MB") as store:
        con = store.duckdb
        with memory_budget(con, "2GB"):
            inside = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        after = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        with memory_budget(con, "32MB"):
            lowered = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    assert (inside, after) == ("61.0 MiB", "61.0 MiB")
    assert lowered == "30.5 MiB"
