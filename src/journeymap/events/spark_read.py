"""Reading input files on Spark into staging rows (`staging.STAGE_COLUMNS`), file order kept.

CSV/TSV, JSON lines and Parquet are read by Spark's own readers, split across the cluster, so
a file larger than one machine's memory never passes through the driver. The column mapping is
the DuckDB path's (`mapping.resolve_mapping`, decided on the header alone); the SQL differs only
where the engines' functions do. Rows are numbered in file order (`numbered`): each file split
counts its rows, and a split's rows start after the rows of the splits before it.

Limits of the Spark readers, documented in docs/spark.md: a CSV value may not hold a line break
(Spark splits files by lines), and a gzip file must end in `.gz`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from journeymap.events.csv_import import sniff_delimiter
from journeymap.events.errors import IngestError
from journeymap.events.mapping import ResolvedMapping, resolve_mapping
from journeymap.events.options import IngestOptions
from journeymap.events.spark_json import records_from_lines
from journeymap.events.staging import STAGE_COLUMNS
from journeymap.i18n import gettext as _

NATIVE_FORMATS: Final = ("csv", "tsv", "jsonl", "parquet")
CORRUPT = "_jm_corrupt"
NULL_TEXT: Final = "CAST(NULL AS STRING)"
_SPLIT_BITS: Final = 33  # monotonically_increasing_id: split index above bit 33, row below


def numbered(frame: Any) -> Any:
    """`frame` with `row_number`: 1-based position in the file (one extra pass over it)."""
    from pyspark.sql import functions as sf

    frame = frame.withColumn("_jm_id", sf.monotonically_increasing_id())
    split = sf.shiftright("_jm_id", _SPLIT_BITS)
    counts = sorted((int(row[0]), int(row[1])) for row in frame.groupBy(split).count().collect())
    offsets: list[Any] = []
    total = 0
    for index, rows in counts:
        offsets += [sf.lit(index), sf.lit(total)]
        total += rows
    start = sf.element_at(sf.create_map(*offsets), split) if offsets else sf.lit(0)
    local = sf.col("_jm_id").bitwiseAND((1 << _SPLIT_BITS) - 1)
    return frame.withColumn("row_number", start + local + 1).drop("_jm_id")


def quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def blank_to_null(sql: str) -> str:
    return f"nullif(trim({sql}), '')"


def json_object_sql(pairs: list[tuple[str, str]]) -> str:
    """A JSON object text of (SQL expression, key) pairs, nulls kept (as DuckDB's json_object)."""
    if not pairs:
        return NULL_TEXT
    fields = ", ".join(f"{_literal(key)}, {sql}" for sql, key in pairs)
    return f"to_json(named_struct({fields}), map('ignoreNullFields', 'false'))"


def _text(column: str | None, types: dict[str, str]) -> str:
    if column is None:
        return NULL_TEXT
    kind = types.get(column, "string")
    if kind in ("string",):
        return blank_to_null(quote(column))
    if kind == "timestamp":  # an instant: written with its zone, as DuckDB does for TIMESTAMPTZ
        return f"date_format({quote(column)}, \"yyyy-MM-dd HH:mm:ss.SSSSSS'Z'\")"
    return blank_to_null(f"CAST({quote(column)} AS STRING)")


def _object_text(column: str, types: dict[str, str]) -> str:
    if types.get(column, "string") == "string":
        return blank_to_null(quote(column))
    return f"to_json({quote(column)})"


def _is_object(sql: str) -> str:
    return f"coalesce(startswith(schema_of_variant(try_parse_json({sql})), 'OBJECT'), false)"


def _merged(object_sql: str, extra: str) -> str:
    """The JSON object `object_sql` with the members of `extra` appended (NULL: `extra`)."""
    if extra == NULL_TEXT:
        return object_sql
    return (
        f"CASE WHEN {object_sql} IS NULL OR {object_sql} RLIKE '^\\\\{{\\\\s*\\\\}}$' THEN {extra}"
        f" ELSE concat(substr(rtrim({object_sql}), 1, length(rtrim({object_sql})) - 1), ',',"
        f" substr({extra}, 2)) END"
    )


def stage_select(
    mapping: ResolvedMapping, types: dict[str, str], corrupt: str | None = None
) -> list[str]:
    """Spark SQL expressions of the staging columns for a mapped table (as `tabular`)."""
    roles = mapping.roles
    properties = [(quote(c), c) for c in mapping.properties]
    traits = [(quote(c), key) for c, key in mapping.traits]
    values = {
        "row_number": "row_number",
        "raw": NULL_TEXT,
        "message_id": _text(roles.get("id"), types),
        "type": "'track'",
        "event": _text(roles.get("event"), types),
        "anonymous_id": _text(roles.get("anonymous"), types),
        "user_id": _text(roles.get("person"), types),
        "time": _text(roles.get("time"), types),
        "channel": _text(roles.get("channel"), types),
        "properties": json_object_sql(properties),
        "context": NULL_TEXT,
        "traits": json_object_sql(traits),
        "previous_id": NULL_TEXT,
        "reason": NULL_TEXT,
    }
    if "type" in roles:
        values["type"] = f"lower({_text(roles['type'], types)})"
    if "previous_id" in roles:
        values["previous_id"] = _text(roles["previous_id"], types)
    objects = {
        key: _object_text(roles[key], types)
        for key in ("properties", "context", "traits")
        if key in roles
    }
    if objects:
        checks = " ".join(
            f"WHEN {sql} IS NOT NULL AND NOT {_is_object(sql)} THEN '{key} must be an object'"
            for key, sql in objects.items()
        )
        values["reason"] = f"CASE {checks} END"
        if "properties" in objects:
            values["properties"] = _merged(objects["properties"], json_object_sql(properties))
        if "context" in objects:
            values["context"] = objects["context"]
        if "traits" in objects:
            values["traits"] = _merged(objects["traits"], json_object_sql(traits))
    if corrupt is not None:
        values["raw"] = corrupt
        values["reason"] = (
            f"CASE WHEN {corrupt} IS NOT NULL THEN 'malformed CSV row: wrong number of columns'"
            f" ELSE {values['reason']} END"
        )
        values["row_number"] = (
            f"CASE WHEN {corrupt} IS NOT NULL THEN row_number + 1 ELSE row_number END"
        )
    return [*(f"{values[name]} AS {name}" for name in STAGE_COLUMNS), "0 AS part"]


def _tabular(session: Any, frame: Any, path: Path, options: IngestOptions, corrupt: bool) -> Any:
    columns = [c for c in frame.columns if c != CORRUPT]
    types = {f.name: f.dataType.typeName() for f in frame.schema.fields}
    mapping = resolve_mapping(columns, options.mapping, path.name)
    select = stage_select(mapping, types, quote(CORRUPT) if corrupt else None)
    return numbered(frame).selectExpr(*select)


def read_stage(session: Any, path: Path, kind: str, options: IngestOptions) -> Any:
    """A DataFrame of staging rows for the file at `path` in format `kind` (`NATIVE_FORMATS`)."""
    from pyspark.errors import PySparkException

    uri = path.resolve().as_uri()
    try:
        if kind in ("csv", "tsv"):
            reader = session.read.options(
                header=True,
                sep=sniff_delimiter(path, kind),
                quote='"',
                escape='"',
                mode="PERMISSIVE",
                encoding="UTF-8",
            )
            header = reader.csv(uri).columns
            schema = ", ".join(f"{quote(c)} string" for c in header) + f", {CORRUPT} string"
            frame = reader.schema(schema).option("columnNameOfCorruptRecord", CORRUPT).csv(uri)
            return _tabular(session, frame, path, options, corrupt=True)
        if kind == "parquet":
            return _tabular(session, session.read.parquet(uri), path, options, corrupt=False)
        if kind == "jsonl":
            lines = numbered(session.read.text(uri))
            return records_from_lines(lines)
    except PySparkException as exc:
        raise IngestError(
            _("cannot read {path} as {kind}: {exc}", path=path, kind=kind, exc=exc)
        ) from None
    raise IngestError(
        _(
            "Spark reads {native_formats} natively, not {kind}",
            native_formats=", ".join(NATIVE_FORMATS),
            kind=kind,
        )
    )
