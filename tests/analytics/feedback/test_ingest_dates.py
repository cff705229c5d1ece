"""`feedback ingest` reads dates as `journeymap ingest` does; unreadable ones are rejected."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journeymap.analytics.feedback.ingest import read_feedback
from journeymap.analytics.feedback.mapping import FeedbackMapping
from journeymap.events.timestamp_values import parse_timestamps

DATES = [
    "07.11.2026 10:15:32",
    "07.11.2026",
    "7.11.26 10:15",
    "07/11/2026 10:15",
    "2026-11-07T10:15:32+03:00",
    "1793959200",
    "31.11.2026 10:00",
    "вчера",
    "",
]


def _file(tmp_path: Path) -> Path:
    lines = ["person;time;nps"] + [f"p{i};{d};9" for i, d in enumerate(DATES)]
    path = tmp_path / "nps.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_feedback_reads_every_date_ingest_reads_and_rejects_the_rest(tmp_path: Path) -> None:
    mapping = FeedbackMapping(person_id="person", timestamp="time", defaults={"kind": "nps"})
    batch = read_feedback(_file(tmp_path), mapping, timezone="Europe/Moscow")
    times = {row["person_id"]: row["timestamp"] for row in batch.table.to_pylist()}
    assert times == {
        "p0": dt.datetime(2026, 11, 7, 7, 15, 32),  # day-first, Moscow -> UTC
        "p1": dt.datetime(2026, 11, 6, 21, 0),
        "p2": dt.datetime(2026, 11, 7, 7, 15),  # two-digit year is 2026
        "p3": dt.datetime(2026, 7, 11, 7, 15),  # slashed is US month-first, as in ingest
        "p4": dt.datetime(2026, 11, 7, 7, 15, 32),  # its own offset wins
        "p5": dt.datetime(2026, 11, 6, 10, 0),  # epoch seconds are UTC
    }
    # the same parser as `ingest`: every row it reads, feedback reads identically
    expected = parse_timestamps(DATES, "Europe/Moscow")
    assert [times.get(f"p{i}") for i in range(len(DATES))] == expected
    reasons = {r.row: r.reason for r in batch.rejected}
    assert sorted(reasons) == [7, 8, 9]  # 31 November, a word, empty: none silently lost
    assert reasons[7].startswith("timestamp '31.11.2026 10:00' is not a date and time")
    assert reasons[9] == "no timestamp"


def test_rejection_reasons_are_translated(tmp_path: Path) -> None:
    from journeymap.i18n import use_language

    mapping = FeedbackMapping(person_id="person", timestamp="time", defaults={"kind": "nps"})
    with use_language("ru"):
        batch = read_feedback(_file(tmp_path), mapping)
    reason = {r.row: r.reason for r in batch.rejected}[8]
    assert reason.startswith("метка времени 'вчера'")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026/11/07 2:05:09 PM GMT+3", dt.datetime(2026, 11, 7, 11, 5, 9)),
        ("2026/11/07 12:05:09 AM GMT+3", dt.datetime(2026, 11, 6, 21, 5, 9)),
        ("2026/11/07 10:15:32 GMT+05:30", dt.datetime(2026, 11, 7, 4, 45, 32)),
    ],
)
def test_google_forms_own_csv_time_is_read_with_its_offset(
    tmp_path: Path, text: str, expected: dt.datetime
) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f'person,time,nps\np1,"{text}",9\n', encoding="utf-8")
    batch = read_feedback(
        path, FeedbackMapping(person_id="person", timestamp="time", defaults={"kind": "nps"})
    )
    assert [r["timestamp"] for r in batch.table.to_pylist()] == [expected]
