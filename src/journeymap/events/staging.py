"""The staging table importers fill, and the checks that turn staged rows into rows to store.

Importers translate their format into rows of `STAGE_COLUMNS` (all text). Formats parsed in
Python (JSON lines, XES, ...) append them to the `jm_stage` table; formats DuckDB reads itself
(CSV, Parquet) hand their SELECT straight to `check_into_ready`, so a file is read, parsed and
checked in one multithreaded pass with no intermediate copy. Either way the rows land in
`jm_ready` with their UTC timestamp, the reason they go to quarantine (`why`, NULL for a good
row) and a message id (a content hash when the file has none); `finish_ready` then separates
in-file duplicates (`dedupe`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

import duckdb

from journeymap.events.dedupe import CONTENT_SQL, mark_duplicates
from journeymap.events.options import IngestOptions
from journeymap.events.schema import EVENT_TYPES
from journeymap.events.timestamps import utc_timestamp_sql, zone_session

STAGE: Final = "jm_stage"
READY: Final = "jm_ready"
STAGE_COLUMNS: Final = (
    "row_number",  # 1-based record number in the file
    "raw",  # original text of the record when the importer has it
    "message_id",
    "type",
    "event",
    "anonymous_id",
    "user_id",
    "time",  # timestamp text as found
    "channel",
    "properties",  # JSON object text
    "context",
    "traits",
    "previous_id",  # alias calls: the id being merged into user_id
    "reason",  # set by the importer when it already knows the row is bad
)
READY_COLUMNS: Final = (
    "row_number BIGINT",
    "raw VARCHAR",
    "message_id VARCHAR",  # the file's, or 'h:' + content hash (+ ':N' for repeats)
    "type VARCHAR",
    "event VARCHAR",
    "anonymous_id VARCHAR",
    "user_id VARCHAR",
    "time VARCHAR",
    "timestamp TIMESTAMP",
    "channel VARCHAR",
    "properties VARCHAR",
    "context VARCHAR",
    "traits VARCHAR",
    "previous_id VARCHAR",
    "why VARCHAR",  # NULL for a good row, else the quarantine reason
    "content_hash VARCHAR",  # only for rows without a message id of their own
    "duplicate_of_row BIGINT",  # an earlier row of the file has the same id and content
    "quarantine_id VARCHAR",
    "stored BOOLEAN",  # the message id is already in the store
)


def create_stage(con: duckdb.DuckDBPyConnection) -> None:
    columns = ", ".join(
        f"{name} {'BIGINT' if name == 'row_number' else 'VARCHAR'}" for name in STAGE_COLUMNS
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE {STAGE} ({columns})")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {READY} ({', '.join(READY_COLUMNS)})")


def drop_stage(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DROP VIEW IF EXISTS jm_new")  # the commit's view over `jm_ready`
    for table in (STAGE, READY):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def check_into_ready(
    con: duckdb.DuckDBPyConnection, source: str, options: IngestOptions, *, numbered: bool = True
) -> int:
    """Append the rows of `source` (a table name or a parenthesised SELECT with the columns
    `STAGE_COLUMNS`) to `jm_ready`, parsed and checked; return how many rows were added.

    A source that is not `numbered` leaves `row_number` NULL, which stands for the row's
    position in `jm_ready` (`rowid + 1`, filled in by `mark_duplicates` where a number is
    shown); such a source must be the first one appended.
    """
    if not numbered and con.execute(f"SELECT count(*) FROM {READY}").fetchall() != [(0,)]:  # noqa: S608 - SQL text from our constants, identifiers quoted
        raise ValueError(f"rows without a row number must be the first in {READY}")
    horizon = (datetime.now(UTC).replace(tzinfo=None) + options.future_tolerance).isoformat(" ")
    types = ", ".join(f"'{t}'" for t in EVENT_TYPES)
    with zone_session(con, options.timezone):
        added = con.execute(
            f"""
            INSERT INTO {READY}
            SELECT row_number, raw, coalesce(message_id, 'h:' || content_hash), type, event,
                anonymous_id, user_id, time, timestamp, channel, properties, context, traits,
                previous_id, why, content_hash, NULL, NULL, false
            FROM (
                SELECT *, coalesce(reason, CASE
                        WHEN type IS NULL THEN 'missing type'
                        WHEN type NOT IN ({types}) THEN 'unknown type'
                        WHEN coalesce(user_id, anonymous_id,
                                      CASE WHEN type = 'alias' THEN previous_id END) IS NULL
                            THEN 'missing person (no user id or anonymous id)'
                        WHEN type = 'alias' AND (user_id IS NULL OR previous_id IS NULL)
                            THEN 'alias needs both userId and previousId'
                        WHEN timestamp IS NULL AND (time IS NULL OR trim(time) = '')
                            THEN 'missing time'
                        WHEN timestamp IS NULL THEN 'unparsable time'
                        WHEN timestamp > TIMESTAMP '{horizon}' THEN 'time in the future'
                        WHEN type = 'track' AND (event IS NULL OR event = '' OR (
                                -- only text starting with a space (ASCII or not) can trim
                                -- to nothing: trim, a copy, runs on those alone
                                (ascii(event) = 32 OR ascii(event) > 127) AND trim(event) = ''))
                            THEN 'missing event name'
                    END) AS why,
                    -- rows with a message id need no content hash unless their id repeats
                    CASE WHEN message_id IS NULL THEN md5({CONTENT_SQL}) END AS content_hash
                FROM (
                    SELECT *, {utc_timestamp_sql("time", options.timezone)} AS timestamp
                    FROM {source}
                )
            )
            """  # noqa: S608 - SQL text from our constants, identifiers quoted
        ).fetchall()
    return int(added[0][0]) if added else 0


def prepare_rows(con: duckdb.DuckDBPyConnection, options: IngestOptions) -> None:
    """Check what importers left in `jm_stage` into `jm_ready`, then finish `jm_ready`."""
    check_into_ready(con, STAGE, options)
    mark_duplicates(con, READY)
