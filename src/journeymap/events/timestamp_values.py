"""The `ingest` timestamp rules applied to a list of Python values.

Other readers (feedback files, forms) parse dates exactly as `journeymap ingest` does by running
the same SQL (`timestamps.utc_timestamp_sql`) over their values on an in-memory DuckDB
connection: ISO 8601 with an offset or `Z` in its own zone, ISO without one and the
`NAIVE_FORMATS` (day-first dotted `07.11.2026 10:15`, US month-first slashed `11/07/2026`, ...)
in `timezone`, epoch numbers by magnitude.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from journeymap.events.timestamps import utc_timestamp_sql, zone_session


def parse_timestamps(
    values: Sequence[str | None], timezone: str = "UTC"
) -> list[dt.datetime | None]:
    """Naive UTC datetimes of `values` in order; None where a value is empty or unreadable."""
    import duckdb
    import pyarrow as pa

    if not values:
        return []
    table = pa.table({"i": list(range(len(values))), "v": [_text(v) for v in values]})
    con = duckdb.connect()
    try:
        con.register("timestamp_values", table)
        with zone_session(con, timezone):
            sql = utc_timestamp_sql("v", timezone)  # the zone is quoted inside
            rows = con.execute(
                f"SELECT {sql} FROM timestamp_values ORDER BY i"  # noqa: S608
            ).fetchall()
    finally:
        con.close()
    return [row[0] for row in rows]


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
