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
from journeymap.events.tabular import quote_identifier, select_table_sql
from journeymap.i18n import gettext as _

REJECTS = "jm_csv_rejects"
SCANS = "jm_csv_scans"
WHITESPACE = " "
"""The 'delimiter' of files whose fields are separated by runs of spaces or tabs."""
FIELD_COUNT = "jm_field_count"
LINE = "jm_line"


def _header(path: Path) -> str:
    line = head_bytes(path, 65536).split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return line.lstrip("\ufeff").rstrip("\r")


def sniff_delimiter(path: Path, format_name: str) -> str:
    """The delimiter the header line uses most (`,` `;` tab `|`), or `WHITESPACE` for a header
    of names separated by runs of blanks (`customer_id  date number_of_cds  dollar_value`)."""
    if format_name == "tsv":
        return "\t"
    header = _header(path)
    best = max(",;\t|", key=header.count)
    if header.count(best) == 0 and len(header.split()) > 1:
        return WHITESPACE
    return best


def _whitespace_sql(path: Path, escaped: str) -> str:
    """Columns named by the header, split at runs of blanks (DuckDB's reader splits at one
    character), plus `FIELD_COUNT` for the check that every line has as many fields."""
    names = [name.strip('"') for name in _header(path).split()]
    fields = ", ".join(f"parts[{i}] AS {quote_identifier(n)}" for i, n in enumerate(names, 1))
    lines = (
        f"read_csv('{escaped}', header=false, skip=1, columns={{'line': 'VARCHAR'}},"
        " delim=chr(1), quote='', escape='')"
    )
    blanks = "chr(32) || chr(9) || chr(13)"
    split = f"string_split_regex(trim(line, {blanks}), '\\s+')"
    inner = f"SELECT line, {split} AS parts FROM {lines} WHERE trim(line, {blanks}) <> ''"  # noqa: S608 - SQL text from our constants, identifiers quoted
    return f"(SELECT {fields}, len(parts) AS {FIELD_COUNT}, line AS {LINE} FROM ({inner}))"  # noqa: S608 - SQL text from our constants, identifiers quoted


def field_count_check(path: Path) -> dict[str, str]:
    """Staging overrides for whitespace-separated lines with too many or too few fields: the
    quarantine reason, and the line itself as the raw text."""
    expected = len(_header(path).split())
    return {
        "reason": f"CASE WHEN {FIELD_COUNT} > {expected} THEN 'malformed row: too many fields'"
        f" WHEN {FIELD_COUNT} < {expected} THEN 'malformed row: missing fields' END",
        "raw": f"CASE WHEN {FIELD_COUNT} <> {expected} THEN {LINE} END",
    }


def read_csv_sql(path: Path, delimiter: str, *, rejects: bool = True) -> str:
    escaped = str(path).replace("'", "''")
    if delimiter == WHITESPACE:
        return _whitespace_sql(path, escaped)
    delim = delimiter.replace("'", "''")
    options = f"header=true, all_varchar=true, delim='{delim}', quote='\"', escape='\"'"
    if rejects:
        options += f", store_rejects=true, rejects_table='{REJECTS}', rejects_scan='{SCANS}'"
    return f"read_csv('{escaped}', {options})"


def csv_columns(con: duckdb.DuckDBPyConnection, source: str) -> tuple[list[str], dict[str, str]]:
    described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()  # noqa: S608 - SQL text from our constants, identifiers quoted
    columns = [row[0] for row in described if row[0] not in (FIELD_COUNT, LINE)]
    return columns, {row[0]: row[1] for row in described}


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
    delimiter = sniff_delimiter(path, format_name)
    source = read_csv_sql(path, delimiter)
    try:
        columns, types = csv_columns(con, source)
    except duckdb.Error as exc:
        raise IngestError(_("cannot read {path} as CSV: {exc}", path=path, exc=exc)) from None
    mapping = resolve_mapping(columns, options.mapping, path.name)
    overrides = field_count_check(path) if delimiter == WHITESPACE else None
    try:
        with _Poller(con, size_of(path), progress):
            select = select_table_sql(source, mapping, types, overrides, number_rows=False)
            rows = check_into_ready(con, select, options, numbered=False)
        if delimiter == WHITESPACE:
            progress(size_of(path), rows)
            return
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
        raise IngestError(_("cannot read {path} as CSV: {exc}", path=path, exc=exc)) from None
    finally:
        con.execute(f"DROP TABLE IF EXISTS {REJECTS}; DROP TABLE IF EXISTS {SCANS}")
    progress(size_of(path), rows)
