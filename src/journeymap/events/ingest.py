"""`ingest`: load files into a store, one transaction per file.

Each file is detected, staged into temporary tables by its importer, checked (`staging`), then
written with quarantine, dedupe, identity stitching and person updates in one transaction
(`commit`). A failure at any point leaves the store exactly as it was before that file.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import duckdb

from journeymap.events.commit import ImportRecord, write_prepared
from journeymap.events.csv_import import load_csv
from journeymap.events.errors import IngestError
from journeymap.events.formats import detect_format
from journeymap.events.ga_import import load_ga
from journeymap.events.json_import import load_json_document, load_json_lines
from journeymap.events.memory import memory_budget
from journeymap.events.options import IngestOptions
from journeymap.events.parquet_import import load_parquet
from journeymap.events.preset_import import load_preset
from journeymap.events.progress import Progress, no_progress
from journeymap.events.results import ImportResult
from journeymap.events.sources import checksum, head_bytes, size_of
from journeymap.events.spark_ingest import spark_import
from journeymap.events.staging import create_stage, drop_stage, prepare_rows
from journeymap.events.unreadable import refuse_unreadable
from journeymap.events.warehouse_import import load_warehouse
from journeymap.events.xes_import import load_xes
from journeymap.i18n import gettext as _
from journeymap.store import Store

Loader = Callable[[duckdb.DuckDBPyConnection, Path, IngestOptions, Progress], list[str] | None]
"""Stages a file into `jm_stage`/`jm_ready`; may return notes for the user (tables of an
export folder that were not joined or not loaded)."""
LOADERS: dict[str, Loader] = {
    "jsonl": load_json_lines,
    "json": load_json_document,
    "csv": load_csv,
    "tsv": partial(load_csv, format_name="tsv"),
    "parquet": load_parquet,
    "xes": load_xes,
    "ga": load_ga,
    "segment-warehouse": load_warehouse,
    "preset": load_preset,
}
NAMED_BY_OPTION = ("csv", "tsv", "parquet", "ga")
"""Formats whose rows may all take one event name (`ColumnMapping.event_name`)."""


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _is_empty(path: Path) -> bool:
    return path.is_file() and not head_bytes(path, 65536).strip()


def ingest_file(
    store: Store,
    path: str | Path,
    options: IngestOptions | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import one file (or Segment warehouse export folder) into a store (on a Spark store,
    Spark does the work: `spark_ingest`)."""
    options = options or IngestOptions()
    file = Path(path)
    result = ImportResult(file=str(file))
    started = time.perf_counter()
    try:
        if not file.exists():
            raise IngestError(_("{file} does not exist", file=file))
        forced = options.format or ("preset" if options.preset is not None else None)
        result.format = detect_format(file, forced)
        if options.preset is not None and result.format != "preset":
            raise IngestError(
                _(
                    "--preset applies to CSV, TSV and XLSX exports, not {format}",
                    format=result.format,
                )
            )
        if options.mapping.event_name is not None and result.format not in NAMED_BY_OPTION:
            raise IngestError(
                _(
                    "--event-name applies to {named_by_options} files, not {format} ({name} names "
                    "its events itself)",
                    named_by_options=", ".join(NAMED_BY_OPTION),
                    format=result.format,
                    name=file.name,
                )
            )
        result.source = options.source or file.name
        # hashlib releases the GIL: the file is hashed while DuckDB reads it
        with ThreadPoolExecutor(max_workers=1) as pool:
            digest = pool.submit(checksum, file)
            if _is_empty(file):
                result.note = "empty file: nothing to import"
                result.checksum = digest.result()
            else:
                load = spark_import if store.engine == "pyspark" else _import
                load(store, file, options, progress, result, digest=digest)
    except IngestError as exc:
        result.error = str(exc)
    result.seconds = time.perf_counter() - started
    return result


def _import(
    store: Store,
    file: Path,
    options: IngestOptions,
    progress: Progress,
    result: ImportResult,
    *,
    digest: Future[str],
) -> None:
    assert result.format is not None
    assert result.source is not None
    con = store.duckdb
    started_at = _utc_now()
    # DuckDB computes progress for the CSV poller but must not print its own bar
    con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")
    with memory_budget(con, options.memory_limit):
        try:
            create_stage(con)
            result.warnings = LOADERS[result.format](con, file, options, progress) or []
            prepare_rows(con, options)
            result.checksum = digest.result()
            record = ImportRecord(
                import_id=uuid.uuid4().hex,
                file=str(file.resolve()),
                format=result.format,
                source=result.source,
                checksum=result.checksum,
                started_at=started_at,
            )
            con.execute("BEGIN TRANSACTION")
            try:
                written = write_prepared(con, record, _utc_now())
                refuse_unreadable(file, result.format, written.rows_read, written.reasons)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        finally:
            drop_stage(con)
    progress(size_of(file), written.rows_read)  # rows/s over the whole import, not just reading
    result.rows_read = written.rows_read
    result.rows_stored = written.rows_stored
    result.rows_duplicate = written.rows_duplicate
    result.rows_quarantined = written.rows_quarantined
    result.reasons = written.reasons
    result.persons_remapped = written.persons_remapped


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    options: IngestOptions | Sequence[IngestOptions] | None = None,
    progress_for: Callable[[Path], Progress] | None = None,
) -> list[ImportResult]:
    """Import every path; a file that fails is reported and the others still load.

    `options` is one set for every file, or one per path (files with different roles, such as
    a leads export and a deals export, each with its own `--event-name`)."""
    files = list(paths)
    per_file = options_per_file(options, len(files))
    return [
        ingest_file(store, p, o, progress_for(Path(p)) if progress_for else no_progress)
        for p, o in zip(files, per_file, strict=True)
    ]


def options_per_file(
    options: IngestOptions | Sequence[IngestOptions] | None, files: int
) -> list[IngestOptions | None]:
    if options is None or isinstance(options, IngestOptions):
        return [options] * files
    if len(options) != files:
        raise ValueError(f"{len(options)} sets of options for {files} files")
    return list(options)
