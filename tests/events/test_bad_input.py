"""Bad input: clear messages, good rows stored, bad rows quarantined, second runs change nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from journeymap.events.ingest import ingest_file
from journeymap.events.options import ColumnMapping, IngestOptions
from journeymap.store import Store
from tests.events.conftest import count, rows, snapshot, write_jsonl

GOOD = {"type": "track", "event": "Opened", "userId": "u1", "timestamp": "2024-01-01T00:00:00Z"}


def _twice(store: Store, path: Path, options: IngestOptions | None = None) -> None:
    """Import twice; the second run must leave every content table as it was."""
    ingest_file(store, path, options)
    before = snapshot(store)
    again = ingest_file(store, path, options)
    assert again.rows_stored == 0
    assert snapshot(store) == before


def _reasons(store: Store) -> dict[str, int]:
    return dict(rows(store, "SELECT reason, count(*) FROM quarantine GROUP BY reason"))


def test_truncated_json_line(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "t.jsonl", [GOOD, '{"type": "track", "event": "Cut", "us'])
    result = ingest_file(store, path)
    assert (result.rows_stored, result.rows_quarantined) == (1, 1)
    assert result.reasons == {"invalid JSON": 1}
    assert rows(store, "SELECT row_number, raw FROM quarantine") == [
        (2, '{"type": "track", "event": "Cut", "us')
    ]
    _twice(store, path)


def test_wrong_types(store: Store, tmp_path: Path) -> None:
    bad = [
        dict(GOOD, userId={"id": 1}),
        dict(GOOD, timestamp=True),
        dict(GOOD, properties=[1, 2]),
        dict(GOOD, event=42),
        dict(GOOD, type="purchase"),
        [1, 2, 3],
        "42",
    ]
    path = write_jsonl(tmp_path / "w.jsonl", [GOOD, dict(GOOD, userId=7), *bad])
    result = ingest_file(store, path)
    assert result.rows_stored == 2  # a numeric user id is fine and kept as text
    assert rows(store, "SELECT user_id FROM events ORDER BY 1") == [("7",), ("u1",)]
    assert result.rows_quarantined == 9  # the array expands to three non-object items
    reasons = _reasons(store)
    assert reasons["userId must be a string or a number, not object"] == 1
    assert reasons["timestamp must be a string or a number, not boolean"] == 1
    assert reasons["properties must be an object, not array"] == 1
    assert reasons["event must be a string, not number"] == 1
    assert reasons["unknown type"] == 1
    assert reasons["not a JSON object (number)"] == 4
    _twice(store, path)


def test_missing_person_time_and_future_dates(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "m.jsonl",
        [
            GOOD,
            {"type": "track", "event": "Opened", "timestamp": "2024-01-01T00:00:00Z"},
            {"type": "track", "event": "Opened", "userId": "u2"},
            dict(GOOD, timestamp="3024-01-01T00:00:00Z"),
            dict(GOOD, timestamp="last tuesday"),
        ],
    )
    result = ingest_file(store, path)
    assert result.rows_stored == 1
    assert result.reasons == {
        "missing person (no user id or anonymous id)": 1,
        "missing time": 1,
        "time in the future": 1,
        "unparsable time": 1,
    }
    _twice(store, path)


def test_empty_file(store: Store, tmp_path: Path) -> None:
    for name in ("empty.jsonl", "empty.csv", "blank.json"):
        path = tmp_path / name
        path.write_text("" if name != "blank.json" else "\n  \n", encoding="utf-8")
        result = ingest_file(store, path)
        assert result.ok
        assert result.note == "empty file: nothing to import"
    assert count(store, "events") == count(store, "quarantine") == 0


def test_binary_garbage(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    garbage = os.urandom(300).replace(b"\n", b"") + b"\x00\xff\xfe"
    path.write_bytes(
        write_jsonl(tmp_path / "g.jsonl", [GOOD]).read_bytes() + garbage + b"\n" + b"\x89PNG\r\n"
    )
    result = ingest_file(store, path)
    assert result.rows_stored == 1
    assert result.rows_quarantined == 2
    assert set(result.reasons) <= {"not UTF-8 text (binary data)", "invalid JSON"}
    _twice(store, path)
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"\x00\x01\x02" * 100)
    refused = ingest_file(store, blob)
    assert not refused.ok
    assert "binary data" in (refused.error or "")


def test_duplicate_message_ids(store: Store, tmp_path: Path) -> None:
    first = dict(GOOD, messageId="dup")
    same = dict(first)
    different = dict(first, event="Closed")
    path = write_jsonl(tmp_path / "d.jsonl", [first, same, different, dict(GOOD, messageId="x")])
    result = ingest_file(store, path)
    assert (result.rows_stored, result.rows_duplicate, result.rows_quarantined) == (2, 1, 1)
    assert result.reasons == {"duplicate message id with different content": 1}
    assert rows(store, "SELECT event FROM events WHERE message_id = 'dup'") == [("Opened",)]
    _twice(store, path)


def test_rows_without_ids_are_deduped_by_content(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text(
        "user_id,event,timestamp\nu1,Opened,2024-01-01\nu1,Opened,2024-01-01\nu2,Opened,2024-01-02\n",
        encoding="utf-8",
    )
    result = ingest_file(store, path)
    # two identical rows without an id are two events (e.g. two clicks in one second)
    assert result.rows_stored == 3
    longer = tmp_path / "longer.csv"
    longer.write_text(path.read_text(encoding="utf-8") + "u3,Opened,2024-01-03\n", "utf-8")
    assert ingest_file(store, longer).rows_stored == 1
    assert count(store, "events") == 4


@pytest.mark.slow
def test_large_file_streams_in_chunks(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    total = 120_000
    with path.open("w", encoding="utf-8") as handle:
        for i in range(total):
            if i % 10_000 == 9_999:
                handle.write('{"broken\n')
            else:
                handle.write(
                    f'{{"type":"track","event":"E{i % 7}","userId":"u{i % 500}",'
                    f'"messageId":"m{i}","timestamp":"2024-01-01T00:00:00Z"}}\n'
                )
    calls: list[tuple[int, int]] = []
    options = IngestOptions(chunk_rows=20_000)
    result = ingest_file(store, path, options, lambda done, staged: calls.append((done, staged)))
    # one report per chunk of 20,000 lines (the file was never held whole), then the final one
    assert len(calls) == 7
    assert [staged for _, staged in calls[:6]] == [20_000 * i for i in range(1, 7)]
    assert calls[-1] == (path.stat().st_size, total)
    assert (result.rows_stored, result.rows_quarantined) == (total - 12, 12)
    assert count(store, "persons") == 500
    again = ingest_file(store, path, options)
    assert (again.rows_stored, again.rows_duplicate) == (0, total - 12)


def test_mapping_that_names_a_missing_column(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("customer,what,when\nc1,Order,2024-01-01\n", encoding="utf-8")
    options = IngestOptions(mapping=ColumnMapping(person="client_id", event="what", time="when"))
    result = ingest_file(store, path, options)
    assert not result.ok
    assert result.error == (
        "--person names column 'client_id', which is not in orders.csv; "
        "its columns are: customer, what, when"
    )
    assert count(store, "events") == count(store, "imports") == 0
    unmapped = ingest_file(store, path)
    assert "no person column in orders.csv" in (unmapped.error or "")
    fixed = IngestOptions(mapping=ColumnMapping(person="customer", event="what", time="when"))
    assert ingest_file(store, path, fixed).rows_stored == 1


@pytest.mark.parametrize("name", ["blob.json", "blob.jsonl", "blob.ndjson"])
def test_a_file_of_which_no_row_parses_is_refused_and_leaves_nothing(
    store: Store, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    lines = [os.urandom(80).replace(b"\n", b"") + b"\x00" for _ in range(40)]
    path.write_bytes(b"\n".join(lines))
    result = ingest_file(store, path)
    assert not result.ok
    assert "nothing was stored" in (result.error or "")
    assert count(store, "events") == count(store, "quarantine") == count(store, "imports") == 0


def test_invalid_json_lines_only_are_refused_but_one_good_row_keeps_the_file(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text("{not json\n[1, 2\n", encoding="utf-8")
    as_lines = IngestOptions(format="jsonl")
    refused = ingest_file(store, path, as_lines)
    assert not refused.ok
    assert "invalid JSON" in (refused.error or "")
    assert count(store, "quarantine") == 0
    path.write_bytes(write_jsonl(tmp_path / "g.jsonl", [GOOD]).read_bytes() + b"{not json\n")
    kept = ingest_file(store, path, as_lines)
    assert (kept.rows_stored, kept.rows_quarantined) == (1, 1)
