"""CSV / TSV through DuckDB's own reader (the fast path): malformed rows go to quarantine.

The file is read, mapped and checked in one multithreaded pass straight into `jm_ready`.

DuckDB reads every column as text (`all_varchar`) so no row is lost to a wrong type guess;
rows DuckDB cannot split (missing or extra columns, bad quoting, invalid UTF-8) come back
from its rejects table with their line number and text.
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb

from journeymap.events.errors import IngestError
from journeymap.events.mapping import resolve_mapping
from journeymap.events.options import IngestOptions
from journeymap.events.progress import Progress
from journeymap.events.sources import head_bytes, size_of
from journeymap.events.staging import STAGE, check_into_ready
from journeymap.events.tabular import select_table_sql

REJECTS = "jm_csv_rejects"
SCANS = "jm_csv_scans"


def sniff_delimiter(path: Path, format_name: str) -> str:
    if format_name == "tsv":
        return "\t"
    header = head_bytes(path, 65536).split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return max(",;\t|", key=header.count)


def read_csv_sql(path: Path, delimiter: str, *, rejects: bool = True) -> str:
    escaped = str(path).replace("'", "''")
    delim = delimiter.replace("'", "''")
    options = f"header=true, all_varchar=true, delim='{delim}', quote='\"', escape='\"'"
    if rejects:
        options += f", store_rejects=true, rejects_table='{REJECTS}', rejects_scan='{SCANS}'"
    return f"read_csv('{escaped}', {options})"


def csv_columns(con: duckdb.DuckDBPyConnection, source: str) -> tuple[list[str], dict[str, str]]:
    described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()  # noqa: S608 - SQL text from our constants, identifiers quoted
    return [row[0] for row in described], {row[0]: row[1] for row in described}


class _Poller:
    """Reports DuckDB's query progress while a long INSERT runs in this thread."""

    def __init__(self, con: duckdb.DuckDBPyConnection, total: int, progress: Progress) -> None:
        self._con, self._total, self._progress = con, total, progress
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            try:
                percent = float(self._con.query_progress())
            except (duckdb.Error, RuntimeError):
                continue
            if percent >= 0:
                self._progress(int(self._total * percent / 100), 0)

    def __enter__(self) -> _Poller:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def load_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    options: IngestOptions,
    progress: Progress,
    format_name: str = "csv",
) -> None:
    source = read_csv_sql(path, sniff_delimiter(path, format_name))
    try:
        columns, types = csv_columns(con, source)
    except duckdb.Error as exc:
        raise IngestError(f"cannot read {path} as CSV: {exc}") from None
    mapping = resolve_mapping(columns, options.mapping, path.name)
    try:
        with _Poller(con, size_of(path), progress):
            select = select_table_sql(source, mapping, types, number_rows=False)
            rows = check_into_ready(con, select, options, numbered=False)
        con.execute(
            f"""
            INSERT INTO {STAGE} (row_number, raw, reason)
            -- one row per line (DuckDB rejects a line once per surplus column), its reason
            -- the category only: the line is the row number, the text is kept as `raw`
            SELECT line, min(csv_line), 'malformed CSV row: ' || lower(min(error_type))
            FROM {REJECTS}
            GROUP BY line
            """  # noqa: S608 - SQL text from our constants, identifiers quoted
        )
    except duckdb.Error as exc:
        raise IngestError(f"cannot read {path} as CSV: {exc}") from None
    finally:
        con.execute(f"DROP TABLE IF EXISTS {REJECTS}; DROP TABLE IF EXISTS {SCANS}")
    progress(size_of(path), rows)
