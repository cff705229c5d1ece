"""Timestamps in any common format and zone to naive UTC, as one DuckDB SQL expression.

The connection's `TimeZone` is set to the `--timezone` zone while a file is prepared
(`zone_session`), so a single cast to TIMESTAMPTZ reads ISO text with an offset or `Z` in its
own zone and ISO text without one in the chosen zone. What the cast cannot read is tried as an
epoch number (seconds, milliseconds or microseconds, by magnitude), then as one of
`NAIVE_FORMATS` in the chosen zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import duckdb

NAIVE_FORMATS: Final = (
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%d.%m.%y %H:%M:%S",
    "%d.%m.%y %H:%M",
    "%d.%m.%y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y",
    "%Y%m%d%H%M%S",
    "%Y%m%d",
)
"""Formats tried for text without a zone that is not ISO 8601: slashed year-first, the
day-first dotted form (`31.12.2024`, common in Russia and Germany; with a two-digit year
`31.12.24` is 2024: 00-68 are 2000-2068, 69-99 are 1969-1999), US month-first slashed
(`11/07/2026` is 7 November), compact. The two-digit forms come first because `%Y` would read
`26` as the year 26."""


ISO_FORMATS: Final = (
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)
"""ISO 8601 text with no zone, read by `strptime` when the zone is UTC: it reads such text
exactly as the TIMESTAMPTZ cast does in UTC at a sixth of the cost, and refuses any text with an
offset or `Z` (which then takes the cast). `%f` reads 1 to 9 fraction digits as a fraction."""


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def utc_timestamp_sql(column: str, timezone: str) -> str:
    """SQL turning the text column `column` into a naive UTC TIMESTAMP (NULL if unparsable).

    The slower readings sit inside lambdas over a one-element list, each name appearing once
    outside them: DuckDB hoists repeated subexpressions (the trimmed text, the number) out of a
    `coalesce` and would compute them for every row, while `coalesce` only runs the lambdas for
    the rows the fast path left NULL.
    """
    formats = "[" + ", ".join(_quote(f) for f in NAIVE_FORMATS) + "]"
    fast = ""
    if timezone == "UTC":
        iso = "[" + ", ".join(_quote(f) for f in ISO_FORMATS) + "]"
        fast = f"try_strptime({column}, {iso}), "
    epoch = (
        "CASE WHEN abs(n) >= 1e14 THEN make_timestamp(CAST(n AS BIGINT))"
        " WHEN abs(n) >= 1e11 THEN make_timestamp(CAST(n * 1000 AS BIGINT))"
        " WHEN abs(n) >= 1e8 THEN make_timestamp(CAST(n * 1000000 AS BIGINT)) END"
    )
    slow = (
        "coalesce(timezone('UTC', try_cast(t AS TIMESTAMPTZ)),"
        f" list_transform([try_cast(t AS DOUBLE)], lambda n: {epoch})[1],"
        f" timezone('UTC', timezone({_quote(timezone)}, try_strptime(t, {formats}))))"
    )
    return f"coalesce({fast}list_transform([trim({column})], lambda t: {slow})[1])"


@contextmanager
def zone_session(con: duckdb.DuckDBPyConnection, timezone: str) -> Iterator[None]:
    """Read zone-less text in `timezone` on this connection, restoring the setting after."""
    row = con.execute("SELECT current_setting('TimeZone')").fetchone()
    before = str(row[0]) if row else "UTC"
    con.execute(f"SET TimeZone = {_quote(timezone)}")
    try:
        yield
    finally:
        con.execute(f"SET TimeZone = {_quote(before)}")
