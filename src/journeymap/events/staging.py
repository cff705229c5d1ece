"""The staging table every importer fills, and the checks that turn it into rows to store.

Importers only translate their format into `jm_stage` (all text). `prepare_rows` then parses
timestamps, decides for each row whether it is good or why it goes to quarantine, fills missing
message ids with a content hash, and separates in-file duplicate message ids.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

import duckdb

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
_CONTENT_COLUMNS: Final = (
    "type",
    "event",
    "anonymous_id",
    "user_id",
    "previous_id",
    "channel",
    "properties",
    "context",
    "traits",
)


def create_stage(con: duckdb.DuckDBPyConnection) -> None:
    columns = ", ".join(
        f"{name} {'BIGINT' if name == 'row_number' else 'VARCHAR'}" for name in STAGE_COLUMNS
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE {STAGE} ({columns})")


def drop_stage(con: duckdb.DuckDBPyConnection) -> None:
    for table in (STAGE, READY):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def prepare_rows(con: duckdb.DuckDBPyConnection, options: IngestOptions) -> None:
    """Build `jm_ready` from `jm_stage`: one row per record with `timestamp`, `why` (NULL for a
    good row), `duplicate_of_row` (set when an earlier row has the same message id and content)
    and a stable `quarantine_id`.

    Window functions run only over the few rows that repeat, which keeps this step fast.
    """
    horizon = (datetime.now(UTC).replace(tzinfo=None) + options.future_tolerance).isoformat(" ")
    types = ", ".join(f"'{t}'" for t in EVENT_TYPES)
    content = (
        " || chr(31) || ".join(f"coalesce({c}, chr(0))" for c in _CONTENT_COLUMNS)
        + " || chr(31) || coalesce(CAST(timestamp AS VARCHAR), time, chr(0))"
    )
    with zone_session(con, options.timezone):
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE jm_checked AS
            WITH parsed AS (
                SELECT rowid AS seq, *,
                    {utc_timestamp_sql("time", options.timezone)} AS timestamp
                FROM {STAGE}
            )
            SELECT *, coalesce(reason, CASE
                    WHEN type IS NULL THEN 'missing type'
                    WHEN type NOT IN ({types}) THEN 'unknown type ' || type
                    WHEN coalesce(user_id, anonymous_id,
                                  CASE WHEN type = 'alias' THEN previous_id END) IS NULL
                        THEN 'missing person (no user id or anonymous id)'
                    WHEN type = 'alias' AND (user_id IS NULL OR previous_id IS NULL)
                        THEN 'alias needs both userId and previousId'
                    WHEN time IS NULL OR trim(time) = '' THEN 'missing time'
                    WHEN timestamp IS NULL THEN 'unparsable time'
                    WHEN timestamp > TIMESTAMP '{horizon}' THEN 'time in the future'
                    WHEN type = 'track' AND (event IS NULL OR trim(event) = '')
                        THEN 'missing event name'
                END) AS why,
                -- rows with a message id need no content hash unless their id repeats
                CASE WHEN message_id IS NULL THEN md5({content}) END AS content_hash
            FROM parsed
            """  # noqa: S608 - SQL text from our constants, identifiers quoted
        )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE jm_repeats AS
        SELECT seq, row_number() OVER (PARTITION BY content_hash ORDER BY seq) AS occurrence
        FROM jm_checked
        WHERE message_id IS NULL AND content_hash IN (
            SELECT content_hash FROM jm_checked WHERE message_id IS NULL
            GROUP BY content_hash HAVING count(*) > 1);
        CREATE OR REPLACE TEMP TABLE {READY} AS
        SELECT c.seq, c.row_number, c.raw,
            coalesce(c.message_id, 'h:' || c.content_hash || CASE
                WHEN r.occurrence > 1 THEN ':' || r.occurrence ELSE '' END) AS message_id,
            c.type, c.event, c.anonymous_id, c.user_id, c.time, c.timestamp, c.channel,
            c.properties, c.context, c.traits, c.previous_id, c.why, c.content_hash,
            CAST(NULL AS BIGINT) AS duplicate_of_row, CAST(NULL AS VARCHAR) AS quarantine_id
        FROM jm_checked c LEFT JOIN jm_repeats r USING (seq);
        DROP TABLE jm_checked;
        DROP TABLE jm_repeats;
        CREATE OR REPLACE TEMP TABLE jm_same_id AS
        SELECT seq, content_hash,
            row_number() OVER same AS id_rank,
            first_value(content_hash) OVER same AS first_hash,
            first_value(row_number) OVER same AS first_row
        FROM (SELECT * REPLACE (coalesce(content_hash, md5({content})) AS content_hash)
              FROM {READY})
        WHERE why IS NULL AND message_id IN (
            SELECT message_id FROM {READY} WHERE why IS NULL
            GROUP BY message_id HAVING count(*) > 1)
        WINDOW same AS (PARTITION BY message_id ORDER BY seq);
        UPDATE {READY} SET
            why = CASE WHEN d.content_hash <> d.first_hash
                THEN 'duplicate message id with different content (first at row '
                     || d.first_row || ')' END,
            duplicate_of_row = CASE WHEN d.content_hash = d.first_hash THEN d.first_row END
        FROM jm_same_id d WHERE {READY}.seq = d.seq AND d.id_rank > 1;
        DROP TABLE jm_same_id;
        UPDATE {READY} SET
            raw = coalesce(raw, json_object(
                'message_id', message_id, 'type', type, 'event', event,
                'anonymous_id', anonymous_id, 'user_id', user_id, 'time', time,
                'channel', channel, 'properties', properties, 'context', context,
                'traits', traits, 'previous_id', previous_id)::VARCHAR),
            quarantine_id = md5(coalesce(raw, {content}) || chr(31) || why
                                || chr(31) || row_number)
        WHERE why IS NOT NULL
        """  # noqa: S608 - SQL text from our constants, identifiers quoted
    )
