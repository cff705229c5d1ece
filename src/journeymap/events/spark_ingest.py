"""Importing one file into a Spark store, on Spark: no copy of the store, no local mirror.

Spark reads the file (`spark_read`), checks and dedupes its rows (`spark_checks`), looks its
message ids up in `events`, stitches identities (`spark_stitching`), rebuilds the persons it
touched (`spark_persons`) and stages every table change; the journal commit (`store.spark_journal`)
then makes them visible all at once. A failure before the commit leaves the store as it was.

Formats Spark has no reader for (XES, Google Analytics, Segment warehouse folders, JSON
documents) are read and checked by the DuckDB importers into a Parquet file of checked rows in
the store's staging folder (DuckDB streams the file under its memory limit), which Spark then
takes over from the dedupe against the store on.
"""

from __future__ import annotations

import uuid
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from journeymap.events.commit import ImportRecord
from journeymap.events.errors import IngestError
from journeymap.events.options import IngestOptions
from journeymap.events.progress import Progress
from journeymap.events.results import ImportResult
from journeymap.events.schema import EVENTS_SCHEMA, SOURCE_ORDER
from journeymap.events.sources import size_of
from journeymap.events.spark_checks import check, mark_duplicates
from journeymap.events.spark_persons import rebuild_persons
from journeymap.events.spark_read import NATIVE_FORMATS, numbered, read_stage
from journeymap.events.spark_ready import ready_from_duckdb
from journeymap.events.spark_stitching import stitch
from journeymap.events.unreadable import refuse_unreadable
from journeymap.i18n import format_number
from journeymap.i18n import gettext as _
from journeymap.store import Store
from journeymap.store.spark_journal import SparkWrite
from journeymap.store.spark_tables import PARTITION_COLUMN, spark_ddl
from journeymap.store.tables import TABLES


def _timestamp(value: datetime) -> str:
    return f"TIMESTAMP '{value.isoformat(' ')}'"


def _literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _event_columns(now: datetime, source: str, available: list[str]) -> list[str]:
    """The `events` columns of a new event row, from the schema (a new column of
    `EVENTS_SCHEMA` comes from the checked row's column of the same name, in `available`, or
    stays NULL)."""
    from ibis.backends.pyspark.datatypes import PySparkType

    computed = {
        "person_id": "i.person_id",
        "received_at": _timestamp(now),
        "source": _literal(source),
    }
    columns = []
    for name, dtype in EVENTS_SCHEMA.items():
        kind = PySparkType.from_ibis(dtype).simpleString()
        value = computed.get(name, f"n.`{name}`" if name in available else "NULL")
        columns.append(f"CAST({value} AS {kind}) AS `{name}`")
    return [*columns, f"to_date(n.timestamp) AS {PARTITION_COLUMN}"]


def _ready(session: Any, file: Path, kind: str, options: IngestOptions, write: SparkWrite) -> Any:
    if kind in NATIVE_FORMATS:
        ready = mark_duplicates(check(read_stage(session, file, kind, options), options))
    else:
        ready = ready_from_duckdb(session, file, kind, options, write)
    ready.write.mode("overwrite").parquet(write.folder("ready"))
    return session.read.parquet(write.folder("ready"))


def _tally(ready: Any) -> tuple[int, dict[str, int]]:
    counts = [(row[0], int(row[1])) for row in ready.groupBy("why").count().collect()]
    reasons = sorted(
        ((str(why), n) for why, n in counts if why is not None), key=lambda i: (-i[1], i[0])
    )
    return sum(n for _, n in counts), dict(reasons)


def _rows(session: Any, table: str, values: list[Any]) -> Any:
    return session.createDataFrame([tuple(values)], spark_ddl(TABLES[table]).replace("`", ""))


def write_file(
    store: Store, file: Path, kind: str, options: IngestOptions, record: ImportRecord
) -> ImportResult:
    """Import `file` (already detected as `kind`) into the Spark `store` (see the module)."""
    session = store.backend._session
    now = datetime.now(UTC).replace(tzinfo=None)
    write = SparkWrite(session, write_id=record.import_id)
    result = ImportResult(file=str(file), format=kind, source=record.source)
    try:
        ready = _ready(session, file, kind, options, write)
        rows_read, reasons = _tally(ready)
        refuse_unreadable(file, kind, rows_read, reasons)
        quarantined = sum(reasons.values())
        if quarantined:
            bad = ready.where("why IS NOT NULL").join(
                session.table("quarantine").select("quarantine_id"), "quarantine_id", "left_anti"
            )
            write.append(
                "quarantine",
                bad.selectExpr(
                    "quarantine_id",
                    f"{_literal(record.source)} AS source",
                    "row_number",
                    "raw",
                    "why AS reason",
                    f"{_timestamp(now)} AS quarantined_at",
                    f"{_literal(record.import_id)} AS import_id",
                ),
            )
        good = ready.where("why IS NULL AND duplicate_of_row IS NULL")
        known = (
            session.table("events")
            .select("message_id")
            .join(good.select("message_id"), "message_id", "left_semi")
        )
        new = good.join(known, "message_id", "left_anti")
        new.write.mode("overwrite").parquet(write.folder("new"))
        new = session.read.parquet(write.folder("new"))
        stored = int(new.count())
        # a file with nothing new (a re-import) changes no identity, event or person
        remapped = (
            _store_new(session, write, new, stored=stored, record=record, now=now) if stored else 0
        )
        duplicates = rows_read - stored - quarantined
        write.append(
            "imports",
            _rows(
                session,
                "imports",
                [
                    record.import_id,
                    record.file,
                    record.format,
                    record.source,
                    record.checksum,
                    rows_read,
                    stored,
                    duplicates,
                    quarantined,
                    record.started_at,
                    now,
                ],
            ),
        )
        write.commit()
    except BaseException:
        write.discard()
        raise
    result.rows_read, result.rows_stored = rows_read, stored
    result.rows_duplicate, result.rows_quarantined = duplicates, quarantined
    result.reasons, result.persons_remapped = reasons, remapped
    return result


def _with_source_order(session: Any, new: Any) -> Any:
    """`new` with the order-of-ingestion column (`SOURCE_ORDER`): numbered in file order after
    the largest number in the store (a distributed sort, then `numbered`)."""
    from pyspark.sql import functions as sf

    column = SOURCE_ORDER

    base = int(session.table("events").agg(sf.max(column)).collect()[0][0] or 0)
    ordered = new.orderBy("row_number", "part").withColumnRenamed("row_number", "_jm_file_row")
    ordered = numbered(ordered)  # 1, 2, ... in file order, split by split
    return (
        ordered.withColumn(column, sf.col("row_number") + base)
        .drop("row_number")
        .withColumnRenamed("_jm_file_row", "row_number")
    )


def _store_new(
    session: Any, write: SparkWrite, new: Any, *, stored: int, record: ImportRecord, now: datetime
) -> int:
    """Stitch, stage the events and persons of the `stored` rows of `new`; return how many
    existing persons got another id."""
    stitched = stitch(session, new, session.table("identities"), write, now)
    new = _with_source_order(session, new)
    new.createOrReplaceTempView("jm_new")
    stitched.identities.createOrReplaceTempView("jm_identities_after")
    rows = session.sql(
        f"SELECT {', '.join(_event_columns(now, record.source, new.columns))} FROM jm_new n"  # noqa: S608 - our SQL, literals escaped
        " JOIN jm_identities_after i ON i.id = coalesce(n.user_id, n.anonymous_id,"
        " n.previous_id)"
    )
    added = _write_events(session, write, rows, stitched)
    count = int(added.count())
    if count != stored:
        raise IngestError(
            _(
                "{count} events joined their persons for {stored} new rows: the identities table "
                "has missing or repeated ids; nothing was stored",
                count=format_number(count),
                stored=format_number(stored),
            )
        )
    _write_persons(session, write, stitched, added)
    return stitched.remapped


def _write_events(session: Any, write: SparkWrite, rows: Any, stitched: Any) -> Any:
    """Stage the new events (and, when stitching renamed persons, every event); return the
    staged new events."""
    added = write.append("events", rows, PARTITION_COLUMN)
    if not stitched.remapped:
        write.append("identity_merges", stitched.merges)
        return added
    stitched.remap.createOrReplaceTempView("jm_remap")
    old = session.table("events")
    old.createOrReplaceTempView("jm_old_events")
    columns = [c for c in old.columns if c != "person_id"]
    renamed = session.sql(
        f"SELECT {', '.join(f'e.`{c}`' for c in columns)},"  # noqa: S608 - the table's own columns
        " coalesce(m.new_person, e.person_id) AS person_id"
        " FROM jm_old_events e LEFT JOIN jm_remap m ON m.old_person = e.person_id"
    ).select(*old.columns)
    # Parquet has no UPDATE: the events move to their new persons in a rewritten table
    write.appended.remove("events")
    everything = renamed.unionByName(added.select(*old.columns))
    write.replace("events", everything, PARTITION_COLUMN)
    session.table("identity_merges").createOrReplaceTempView("jm_old_merges")
    merges = session.sql(
        "SELECT g.merged_at, g.id, g.other_id, coalesce(m.new_person, g.person_id) AS person_id,"
        " g.reason, g.message_id FROM jm_old_merges g"
        " LEFT JOIN jm_remap m ON m.old_person = g.person_id"
    ).unionByName(stitched.merges)
    write.replace("identity_merges", merges)
    return added


def _write_persons(session: Any, write: SparkWrite, stitched: Any, added: Any) -> None:
    stitched.new_ids.createOrReplaceTempView("jm_file_ids")
    stitched.remap.createOrReplaceTempView("jm_remap")
    affected = session.sql(
        "SELECT DISTINCT person_id FROM ("
        " SELECT i.person_id FROM jm_file_ids n JOIN jm_identities_after i ON i.id = n.id"
        " UNION ALL SELECT old_person FROM jm_remap UNION ALL SELECT new_person FROM jm_remap)"
    )
    if "events" in write.replaced:
        events = session.read.parquet(f"{write.root}/replace/events")
    else:
        events = session.table("events").unionByName(added)
    persons, history = rebuild_persons(
        session,
        events,
        stitched.identities,
        affected,
        persons=session.table("persons"),
        history=session.table("trait_history"),
    )
    write.replace("persons", persons)
    write.replace("trait_history", history)


def spark_import(
    store: Store,
    file: Path,
    options: IngestOptions,
    progress: Progress,
    result: ImportResult,
    *,
    digest: Future[str],
) -> None:
    """`ingest._import` for a Spark store: fills `result` (same signature)."""
    assert result.format is not None
    assert result.source is not None
    record = ImportRecord(
        import_id=uuid.uuid4().hex,
        file=str(file.resolve()),
        format=result.format,
        source=result.source,
        checksum=digest.result(),
        started_at=datetime.now(UTC).replace(tzinfo=None),
    )
    written = write_file(store, file, result.format, options, record)
    progress(size_of(file), written.rows_read)
    result.checksum = record.checksum
    for name in (
        "rows_read",
        "rows_stored",
        "rows_duplicate",
        "rows_quarantined",
        "reasons",
        "persons_remapped",
    ):
        setattr(result, name, getattr(written, name))
