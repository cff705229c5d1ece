"""Any common timestamp format and zone becomes naive UTC."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from journeymap.events.timestamps import utc_timestamp_sql, zone_session


def _convert(text: str, zone: str = "UTC") -> datetime | None:
    con = duckdb.connect()
    with zone_session(con, zone):
        row = con.execute(f"SELECT {utc_timestamp_sql('t', zone)} FROM (SELECT ? AS t)", [text])
        value = row.fetchone()
    assert value is not None
    result: datetime | None = value[0]
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01T10:00:00Z", datetime(2024, 3, 1, 10)),
        ("2024-03-01T10:00:00.250+03:00", datetime(2024, 3, 1, 7, 0, 0, 250000)),
        ("2011-10-11 13:42:22.688000+02:00", datetime(2011, 10, 11, 11, 42, 22, 688000)),
        ("2024-03-01 10:00:00 UTC", datetime(2024, 3, 1, 10)),
        ("2024-03-01T10:00:00-0500", datetime(2024, 3, 1, 15)),
        ("1709287200", datetime(2024, 3, 1, 10)),
        ("1709287200000", datetime(2024, 3, 1, 10)),
        ("1709287200000000", datetime(2024, 3, 1, 10)),
        ("2024-03-01 10:00:00", datetime(2024, 3, 1, 10)),
        ("01.03.2024 10:00", datetime(2024, 3, 1, 10)),
        ("7.11.26 10:15", datetime(2026, 11, 7, 10, 15)),  # two-digit year: 2026, not 26 AD
        ("1.3.69", datetime(1969, 3, 1)),
        ("1.3.68 10:00:05", datetime(2068, 3, 1, 10, 0, 5)),
        ("07.11.2026", datetime(2026, 11, 7)),
        ("07/11/2026", datetime(2026, 7, 11)),  # slashed is US month-first
        ("03/01/2024 10:00:00 AM", datetime(2024, 3, 1, 10)),
        ("2024/03/01 10:00:00", datetime(2024, 3, 1, 10)),
    ],
)
def test_formats_become_utc(text: str, expected: datetime) -> None:
    assert _convert(text) == expected


def test_naive_times_take_the_given_zone_and_zoned_times_keep_theirs() -> None:
    assert _convert("2024-03-01 10:00:00", "Europe/Moscow") == datetime(2024, 3, 1, 7)
    assert _convert("01.03.2024 10:00", "Europe/Moscow") == datetime(2024, 3, 1, 7)
    assert _convert("2024-03-01T10:00:00Z", "Europe/Moscow") == datetime(2024, 3, 1, 10)
    # DST: New York is UTC-4 in July
    assert _convert("2024-07-01 10:00:00", "America/New_York") == datetime(2024, 7, 1, 14)


@pytest.mark.parametrize("text", ["yesterday", "", "2024-13-45", "12:00"])
def test_unparsable_text_gives_null(text: str) -> None:
    assert _convert(text) is None


def test_session_zone_is_restored() -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Asia/Tokyo'")
    with zone_session(con, "UTC"):
        pass
    assert con.execute("SELECT current_setting('TimeZone')").fetchone() == ("Asia/Tokyo",)


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-01 10:00:00",
        "2024-03-01T10:00:00",
        "2024-03-01 10:00:00.5",
        "2024-03-01T10:00:00.123456",
        "2024-03-01 10:00:00.123456789",
        "2024-3-1 1:2:3",
        " 2024-03-01 10:00:00 ",
        "2024-03-01 10:00",
        "2024-03-01",
        "2024-03-01 10:00:00+03:00",
        "2024-03-01T10:00:00.5Z",
        "2024-03-01 10:00:00-05",
        "2024-03-01 10:00:00 UTC",
    ],
)
def test_the_utc_fast_path_reads_iso_text_as_the_zoned_cast_does(text: str) -> None:
    """The UTC-only `strptime` shortcut must agree with the TIMESTAMPTZ cast it skips."""
    con = duckdb.connect()
    with zone_session(con, "UTC"):
        row = con.execute(
            "SELECT timezone('UTC', try_cast(trim(?) AS TIMESTAMPTZ))", [text]
        ).fetchone()
    assert row is not None
    assert _convert(text) == row[0]
