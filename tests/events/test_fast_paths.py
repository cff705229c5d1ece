"""The shortcuts that keep a CSV import fast must not change what is stored.

Covered here: no pandas import on the way (a third of a second on a process's first import),
row numbers read off row positions instead of a single-threaded window, persons updated from
the new events' activity instead of a pass over `events`, and the cheap blank checks.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from journeymap.events.ingest import ingest_file
from journeymap.store import Store
from tests.events.conftest import rows, write_jsonl

CSV = (
    "message_id,anonymous_id,user_id,event,timestamp\n"
    "m1,a1,,Viewed,2024-01-01 10:00:00\n"
    "m2,a1,u1,Signed Up,2024-01-01 10:05:00\n"
    "m3,,u1,Ordered,2024-01-02 09:00:00\n"
    "m4,a2,,Viewed,not a time\n"
    "m5,a3,,Viewed,2024-01-03 08:00:00\n"
)
LATER = (
    "message_id,anonymous_id,user_id,event,timestamp\n"
    "m6,,u1,Ordered,2023-12-31 23:00:00\n"  # earlier than everything before: first_seen moves
    "m7,a3,,Viewed,2024-02-01 08:00:00\n"
    "m8,a4,,Viewed,2024-02-02 08:00:00\n"
)


def test_a_csv_import_does_not_import_pandas(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(CSV, encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import sys
        from journeymap.events.ingest import ingest_file
        from journeymap.store import Store
        with Store.open("duckdb://:memory:") as store:
            assert ingest_file(store, {str(path)!r}).rows_stored == 4
        print("pandas" in sys.modules)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "False"


def test_csv_rows_are_numbered_by_their_place_in_the_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(CSV, encoding="utf-8")
    ingest_file(store, path)
    assert rows(store, "SELECT row_number, reason FROM quarantine") == [(4, "unparsable time")]


def test_persons_grow_as_if_imported_at_once(tmp_path: Path) -> None:
    first, later, both = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "ab.csv"
    first.write_text(CSV, encoding="utf-8")
    later.write_text(LATER, encoding="utf-8")
    both.write_text(CSV + LATER.split("\n", 1)[1], encoding="utf-8")
    query = "SELECT * FROM persons ORDER BY person_id"
    with Store.open("duckdb://:memory:") as store:
        ingest_file(store, first)
        ingest_file(store, later)
        grown = rows(store, query)
    with Store.open("duckdb://:memory:") as store:
        ingest_file(store, both)
        assert grown == rows(store, query)
    assert [(p, str(f), str(last), n) for p, f, last, n, _, _ in grown] == [
        ("a3", "2024-01-03 08:00:00", "2024-02-01 08:00:00", 2),
        ("a4", "2024-02-02 08:00:00", "2024-02-02 08:00:00", 1),
        ("u1", "2023-12-31 23:00:00", "2024-01-02 09:00:00", 4),
    ]


@pytest.mark.parametrize("name", [" ", "\u3000", "\u00a0 ", ""])
def test_blank_event_names_are_quarantined(store: Store, tmp_path: Path, name: str) -> None:
    record = {"type": "track", "userId": "u1", "event": name, "timestamp": "2024-01-01T10:00:00Z"}
    result = ingest_file(store, write_jsonl(tmp_path / "e.jsonl", [record]))
    assert result.reasons == {"missing event name": 1}


def test_event_names_with_inner_or_tab_spaces_are_kept(store: Store, tmp_path: Path) -> None:
    names = ["\tTabbed", "Viewed \u3000Twice", "Ünïcode"]
    records = [
        {"type": "track", "userId": "u1", "event": n, "timestamp": "2024-01-01T10:00:00Z"}
        for n in names
    ]
    result = ingest_file(store, write_jsonl(tmp_path / "e.jsonl", records))
    assert result.rows_stored == len(names)
