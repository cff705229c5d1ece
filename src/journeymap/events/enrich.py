"""`--enrich FILE --key COL`: merge a side table keyed by event id into stored events' properties.

Every column of the side table except the key is added to (or replaces the same key in) the
`properties` of the event whose `message_id` equals the key. Running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from journeymap.events.csv_import import csv_columns, read_csv_sql, sniff_delimiter
from journeymap.events.errors import IngestError
from journeymap.events.formats import detect_format
from journeymap.events.mirror import run_on_mirror
from journeymap.events.parquet_import import read_parquet_sql
from journeymap.events.tabular import json_object_sql, quote_identifier
from journeymap.i18n import gettext
from journeymap.store import Store


@dataclass(frozen=True)
class EnrichResult:
    file: str
    key: str
    rows: int  # rows in the side table
    matched: int  # events found for them
    columns: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _source(path: Path) -> str:
    kind = detect_format(path)
    if kind == "parquet":
        return read_parquet_sql(path)
    if kind in ("csv", "tsv", "ga"):
        return read_csv_sql(path, sniff_delimiter(path, kind), rejects=False)
    raise IngestError(
        gettext(
            "--enrich reads CSV, TSV or Parquet; {path} looks like {kind}", path=path, kind=kind
        )
    )


def enrich(store: Store, path: str | Path, key: str) -> EnrichResult:
    """Merge the side table at `path` into the properties of events whose id is in `key`."""
    if store.engine != "duckdb":
        return run_on_mirror(
            store, lambda mirror: enrich(mirror, path, key), lambda r: r.matched > 0
        )
    file = Path(path)
    if not file.is_file():
        raise IngestError(gettext("--enrich file {file} does not exist", file=file))
    con = store.duckdb
    source = _source(file)
    try:
        columns, _ = csv_columns(con, source)
    except duckdb.Error as exc:
        raise IngestError(gettext("cannot read {file}: {exc}", file=file, exc=exc)) from None
    if key not in columns:
        raise IngestError(
            gettext(
                "--key names column {key!r}, which is not in {name}; its columns are: {columns}",
                key=key,
                name=file.name,
                columns=", ".join(columns),
            )
        )
    extra = [c for c in columns if c != key]
    if not extra:
        raise IngestError(
            gettext("{name} has no columns besides the key {key!r}", name=file.name, key=key)
        )
    patch = json_object_sql([(quote_identifier(c), c) for c in extra])
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE jm_enrich AS
            SELECT CAST({quote_identifier(key)} AS VARCHAR) AS message_id, {patch} AS patch
            FROM {source}
            """  # noqa: S608 - our own SQL text, identifiers quoted
        )
        rows = con.execute("SELECT count(*) FROM jm_enrich").fetchone()
        matched = con.execute(
            "SELECT count(*) FROM events WHERE message_id IN (SELECT message_id FROM jm_enrich)"
        ).fetchone()
        con.execute(
            """
            UPDATE events SET properties =
                json_merge_patch(coalesce(events.properties, '{}'), s.patch)::VARCHAR
            FROM jm_enrich s WHERE events.message_id = s.message_id;
            DROP TABLE jm_enrich;
            """
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return EnrichResult(
        str(file), key, int(rows[0]) if rows else 0, int(matched[0]) if matched else 0, tuple(extra)
    )
