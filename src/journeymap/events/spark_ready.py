"""Checked rows for a Spark store from the formats only the DuckDB importers read.

XES, Google Analytics, Segment warehouse folders and JSON documents are read, checked and
deduped within the file by their DuckDB importers (streaming, under the import's memory limit)
into a Parquet file of checked rows in the store's staging folder; Spark reads it from there
and goes on as with the formats it reads itself. The staging folder must be a local (or
mounted) path for this: on a cluster with remote storage, convert such files to Parquet first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from journeymap.events.errors import IngestError
from journeymap.events.options import IngestOptions
from journeymap.events.progress import no_progress
from journeymap.events.staging import READY, create_stage, prepare_rows
from journeymap.i18n import gettext as _
from journeymap.store import Store
from journeymap.store.spark_journal import SparkWrite

# Spark numbers `seq` by (row_number, part): the rows' place in `jm_ready` is their file order
# (rows a folder's tables stage without a number, and the events a batch line expands to)
_COLUMNS = (
    "coalesce(row_number, rowid + 1) AS row_number, rowid AS part, raw, message_id, type,"
    " event, anonymous_id, user_id, time,"
    " timestamp, channel, properties, context, traits, previous_id, why, content_hash,"
    " duplicate_of_row, quarantine_id"
)


def ready_from_duckdb(
    session: Any, file: Path, kind: str, options: IngestOptions, write: SparkWrite
) -> Any:
    """Checked rows of `file` read by the DuckDB importer for `kind` (see the module)."""
    from journeymap.events.ingest import LOADERS  # the importers' table lives with `ingest`

    folder = urlparse(write.folder("duckdb_ready"))
    if folder.scheme not in ("", "file"):
        raise IngestError(
            _(
                "{name}: Spark reads CSV, JSON lines and Parquet itself; {kind} files are read by "
                "DuckDB into the store's staging folder, which must be a local path for that. "
                "Convert the file to Parquet (or point the store at a local warehouse)",
                name=file.name,
                kind=kind,
            )
        )
    target = Path(folder.path) / "ready.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    with Store.open("duckdb://:memory:") as local:
        con = local.duckdb
        create_stage(con)
        LOADERS[kind](con, file, options, no_progress)
        prepare_rows(con, options)
        escaped = str(target).replace("'", "''")
        con.execute(f"COPY (SELECT {_COLUMNS} FROM {READY}) TO '{escaped}' (FORMAT parquet)")  # noqa: S608 - our own SQL text
    return session.read.parquet(target.as_uri())
