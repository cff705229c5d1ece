"""In-file dedupe of checked rows: repeated content hashes and repeated message ids.

A row without a message id gets `h:` + the md5 of its content; the N-th row with the same
content gets `:N` appended, so identical rows stay distinct events and a re-import finds the
same ids. A message id repeated with the same content is a duplicate (`duplicate_of_row`); with
different content the later rows go to quarantine. Window functions run only over the few rows
that repeat, and rows are identified by `rowid` (file order), so nothing is copied. A row with
no row number of its own is numbered by that position (see `staging.check_into_ready`).
"""

from __future__ import annotations

from typing import Final

import duckdb

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
ROW_NUMBER_SQL: Final = "coalesce(row_number, rowid + 1)"
CONTENT_SQL: Final = (
    " || chr(31) || ".join(f"coalesce({c}, chr(0))" for c in _CONTENT_COLUMNS)
    + " || chr(31) || coalesce(CAST(timestamp AS VARCHAR), time, chr(0))"
)
"""The content a row is hashed on (everything but its row number, message id and file)."""


def _repeated(column: str, table: str, where: str) -> str:
    """SELECT of the values of `column` found more than once in the rows of `table` matching
    `where`. Grouped first by a 64-bit hash, then exactly among the few rows whose hash
    repeats: a hash table of integers is a fraction of one of the texts (ids are unique in
    nearly every file, and 10M of them no longer spill)."""
    return f"""
        SELECT {column} FROM {table} WHERE {where} AND hash({column}) IN (
            SELECT hash({column}) FROM {table} WHERE {where} GROUP BY 1 HAVING count(*) > 1)
        GROUP BY {column} HAVING count(*) > 1"""  # noqa: S608 - SQL text from our constants, identifiers quoted


def mark_duplicates(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Number repeated content hashes, mark in-file duplicates, give quarantined rows their
    raw text and stable `quarantine_id` (all in `table`, a checked-rows table)."""
    con.execute(
        f"""
        UPDATE {table} SET message_id = message_id || ':' || r.occurrence
        FROM (
            SELECT rowid AS seq,
                row_number() OVER (PARTITION BY content_hash ORDER BY rowid) AS occurrence
            FROM {table}
            WHERE content_hash IN ({_repeated("content_hash", table, "content_hash IS NOT NULL")})
        ) r
        WHERE {table}.rowid = r.seq AND r.occurrence > 1;
        CREATE OR REPLACE TEMP TABLE jm_same_id AS
        SELECT seq, content_hash,
            row_number() OVER same AS id_rank,
            first_value(content_hash) OVER same AS first_hash,
            first_value(row_number) OVER same AS first_row
        FROM (SELECT rowid AS seq, message_id, {ROW_NUMBER_SQL} AS row_number,
                coalesce(content_hash, md5({CONTENT_SQL})) AS content_hash
              FROM {table}
              WHERE why IS NULL AND message_id IN ({_repeated("message_id", table, "why IS NULL")}))
        WINDOW same AS (PARTITION BY message_id ORDER BY seq);
        UPDATE {table} SET
            why = CASE WHEN d.content_hash <> d.first_hash
                THEN 'duplicate message id with different content' END,
            duplicate_of_row = CASE WHEN d.content_hash = d.first_hash THEN d.first_row END
        FROM jm_same_id d WHERE {table}.rowid = d.seq AND d.id_rank > 1;
        DROP TABLE jm_same_id;
        UPDATE {table} SET
            row_number = {ROW_NUMBER_SQL},
            raw = coalesce(raw, json_object(
                'message_id', message_id, 'type', type, 'event', event,
                'anonymous_id', anonymous_id, 'user_id', user_id, 'time', time,
                'channel', channel, 'properties', properties, 'context', context,
                'traits', traits, 'previous_id', previous_id)::VARCHAR),
            quarantine_id = md5(coalesce(raw, {CONTENT_SQL}) || chr(31) || why
                                || chr(31) || {ROW_NUMBER_SQL})
        WHERE why IS NOT NULL
        """  # noqa: S608 - SQL text from our constants, identifiers quoted
    )
