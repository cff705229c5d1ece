"""Write one prepared file into the store: quarantine, new events, identities, persons, imports.

Runs inside one transaction, so a failure anywhere leaves the store as it was before the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from journeymap.events.persons import AFFECTED, refresh_persons
from journeymap.events.staging import READY
from journeymap.events.stitching import NEW, REMAP, stitch_new_events


@dataclass(frozen=True)
class Written:
    rows_read: int
    rows_stored: int
    rows_duplicate: int
    rows_quarantined: int
    reasons: dict[str, int]
    persons_remapped: int


@dataclass(frozen=True)
class ImportRecord:
    import_id: str
    file: str
    format: str
    source: str
    checksum: str
    started_at: datetime


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def write_prepared(con: duckdb.DuckDBPyConnection, record: ImportRecord, now: datetime) -> Written:
    """Move `jm_ready` into the store tables (the caller holds the transaction)."""
    rows_read = _count(con, f"SELECT count(*) FROM {READY}")  # noqa: S608 - SQL text from our constants, identifiers quoted
    con.execute(
        f"""
        INSERT INTO quarantine
        SELECT r.quarantine_id, $source, r.row_number, r.raw, r.why, $now, $import_id
        FROM {READY} r
        WHERE r.why IS NOT NULL
            AND r.quarantine_id NOT IN (SELECT quarantine_id FROM quarantine)
        """,  # noqa: S608 - SQL text from our constants, identifiers quoted
        {"source": record.source, "now": now, "import_id": record.import_id},
    )
    reasons = dict(
        con.execute(
            f"SELECT why, count(*) FROM {READY} WHERE why IS NOT NULL "  # noqa: S608 - SQL text from our constants, identifiers quoted
            "GROUP BY why ORDER BY count(*) DESC, why"
        ).fetchall()
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {NEW} AS
        SELECT r.* FROM {READY} r
        WHERE r.why IS NULL AND r.duplicate_of_row IS NULL
            AND NOT EXISTS (SELECT 1 FROM events e WHERE e.message_id = r.message_id)
        """  # noqa: S608 - SQL text from our constants, identifiers quoted
    )
    rows_stored = _count(con, f"SELECT count(*) FROM {NEW}")  # noqa: S608 - SQL text from our constants, identifiers quoted
    remapped = stitch_new_events(con, now)
    con.execute(
        f"""
        INSERT INTO events
        SELECT n.message_id, n.type, n.event, n.anonymous_id, n.user_id, i.person_id,
            n.timestamp, $now, n.channel, n.properties, n.context, n.traits, $source
        FROM {NEW} n
        LEFT JOIN identities i ON i.id = coalesce(n.user_id, n.anonymous_id, n.previous_id)
        ORDER BY i.person_id, n.timestamp, n.message_id
        """,  # noqa: S608 - SQL text from our constants, identifiers quoted
        {"now": now, "source": record.source},
    )
    if remapped:
        con.execute(
            f"""
            UPDATE events SET person_id = m.new_person FROM {REMAP} m
            WHERE events.person_id = m.old_person;
            UPDATE identity_merges SET person_id = m.new_person FROM {REMAP} m
            WHERE identity_merges.person_id = m.old_person;
            """  # noqa: S608 - SQL text from our constants, identifiers quoted
        )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {AFFECTED} AS
        SELECT DISTINCT i.person_id FROM {NEW} n
        JOIN identities i ON i.id = coalesce(n.user_id, n.anonymous_id, n.previous_id)
        UNION SELECT old_person FROM {REMAP} UNION SELECT new_person FROM {REMAP}
        """  # noqa: S608 - SQL text from our constants, identifiers quoted
    )
    refresh_persons(con)
    rows_quarantined = sum(reasons.values())
    rows_duplicate = rows_read - rows_stored - rows_quarantined
    con.execute(
        "INSERT INTO imports VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        [
            record.import_id,
            record.file,
            record.format,
            record.source,
            record.checksum,
            rows_read,
            rows_stored,
            rows_duplicate,
            rows_quarantined,
            record.started_at,
            now,
        ],
    )
    for table in (NEW, REMAP, AFFECTED, "jm_new_ids", "jm_links"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return Written(rows_read, rows_stored, rows_duplicate, rows_quarantined, reasons, remapped)
