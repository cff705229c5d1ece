"""Write one prepared file into the store: quarantine, new events, identities, persons, imports.

Runs inside one transaction, so a failure anywhere leaves the store as it was before the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from journeymap.events.errors import IngestError
from journeymap.events.persons import AFFECTED, collect_affected, refresh_persons
from journeymap.events.staging import READY
from journeymap.events.stitching import NEW, REMAP, stitch_new_events
from journeymap.i18n import format_number
from journeymap.i18n import gettext as _


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


def _count(
    con: duckdb.DuckDBPyConnection, sql: str, parameters: dict[str, object] | None = None
) -> int:
    rows = con.execute(sql, parameters).fetchall()
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def _tally(con: duckdb.DuckDBPyConnection) -> tuple[int, dict[str, int]]:
    """Rows read and quarantine reasons (most frequent first), in one scan of `jm_ready`."""
    counts = con.execute(f"SELECT why, count(*) FROM {READY} GROUP BY why").fetchall()  # noqa: S608 - SQL text from our constants, identifiers quoted
    reasons = sorted(
        ((str(why), int(n)) for why, n in counts if why is not None),
        key=lambda item: (-item[1], item[0]),
    )
    return sum(int(n) for _, n in counts), dict(reasons)


def _select_new(con: duckdb.DuckDBPyConnection) -> None:
    """`jm_new`: good rows whose message id is neither repeated in the file nor stored yet.

    A view, not a copy; only message ids of this file are looked up in `events` (and not at all
    while the store is empty).
    """
    if _count(con, "SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1)"):
        con.execute(
            f"""
            UPDATE {READY} SET stored = true FROM events e
            WHERE e.message_id = {READY}.message_id
                AND {READY}.why IS NULL AND {READY}.duplicate_of_row IS NULL
            """  # noqa: S608 - SQL text from our constants, identifiers quoted
        )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP VIEW {NEW} AS
        SELECT *, rowid AS file_position FROM {READY}
        WHERE why IS NULL AND duplicate_of_row IS NULL AND NOT stored
        """  # noqa: S608 - SQL text from our constants, identifiers quoted
    )


def write_prepared(con: duckdb.DuckDBPyConnection, record: ImportRecord, now: datetime) -> Written:
    """Move `jm_ready` into the store tables (the caller holds the transaction)."""
    rows_read, reasons = _tally(con)
    rows_quarantined = sum(reasons.values())
    if rows_quarantined:
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
    _select_new(con)
    rows_stored = _count(con, f"SELECT count(*) FROM {NEW}")  # noqa: S608 - SQL text from our constants, identifiers quoted
    remapped = stitch_new_events(con, now)
    # `seq` keeps the file order after every event stored before (`events/schema.py`): the
    # row's position among the staged rows, which importers fill in file order (gaps where rows
    # were quarantined or repeated do not matter, only the order does).
    # no ORDER BY: every analysis orders by itself, and sorting costs a third of the import.
    # An inner join: stitching gave every id of a new event a person, and DuckDB writes an
    # inner join's rows on all threads but a left join's on one (keeping insertion order)
    inserted = _count(
        con,
        f"""
        INSERT INTO events
        SELECT n.message_id, n.type, n.event, n.anonymous_id, n.user_id, i.person_id,
            n.timestamp, $now, n.channel, n.properties, n.context, n.traits, $source,
            $base + n.file_position + 1
        FROM {NEW} n
        JOIN identities i ON i.id = coalesce(n.user_id, n.anonymous_id, n.previous_id)
        """,  # noqa: S608 - SQL text from our constants, identifiers quoted
        {"now": now, "source": record.source, "base": _count(con, "SELECT max(seq) FROM events")},
    )
    if inserted != rows_stored:  # never expected (one identity per id); rolled back
        raise IngestError(
            _(
                "{count} events joined their persons for {stored} new rows: the "
                "identities table has missing or repeated ids; nothing was stored",
                count=format_number(inserted),
                stored=format_number(rows_stored),
            )
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
    # every id of a new event is linked to the event's own id, so the persons of the file's
    # ids (a few per person) are the persons of its events (one per row)
    collect_affected(con)
    refresh_persons(con)
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
    con.execute(f"DROP VIEW IF EXISTS {NEW}")
    for table in (REMAP, AFFECTED, "jm_new_ids", "jm_links"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return Written(rows_read, rows_stored, rows_duplicate, rows_quarantined, reasons, remapped)
