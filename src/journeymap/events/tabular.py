"""Staging rows from any table DuckDB can scan (CSV, Parquet, ...) given a resolved mapping."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from journeymap.events.mapping import ResolvedMapping
from journeymap.events.segment_context import context_object_sql
from journeymap.events.staging import STAGE, STAGE_COLUMNS


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def json_object_sql(pairs: Sequence[tuple[str, str]]) -> str:
    """A JSON object of (SQL expression, key) pairs, or NULL when there are none.

    Empty cells stay in the object as JSON null: dropping them per row costs several times the
    whole CSV read, and readers treat a null and a missing key alike.
    """
    if not pairs:
        return "NULL"
    entries = ", ".join(f"{_literal(key)}, {expression}" for expression, key in pairs)
    return f"json_object({entries})::VARCHAR"


_OBJECT_ROLES: Final = ("properties", "context", "traits")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _text(mapping: ResolvedMapping, role: str, types: dict[str, str]) -> str:
    column = mapping.roles.get(role)
    if column is None:
        return "NULL"
    quoted = quote_identifier(column)
    if role == "time" and types.get(column, "").startswith("TIMESTAMP WITH TIME ZONE"):
        return f"strftime(timezone('UTC', {quoted}), '%Y-%m-%d %H:%M:%S.%f') || 'Z'"
    return blank_to_null(f"CAST({quoted} AS VARCHAR)")


def blank_to_null(text: str) -> str:
    """SQL for `nullif(trim(text), '')`, skipping the trim (a copy of every value, the dearest
    step of a CSV import) for ASCII text with no space at either end: on ASCII, DuckDB's trim
    only removes spaces."""
    return (
        # LIKE with a fixed prefix or suffix: a third cheaper here than starts_with/ends_with
        f"CASE WHEN {text} NOT LIKE ' %' AND {text} NOT LIKE '% ' AND {text} <> ''"
        f" AND strlen({text}) = length({text}) THEN {text} ELSE nullif(trim({text}), '') END"
    )


def _json_object_column(column: str, types: dict[str, str]) -> str:
    """The text of a JSON-object column (typed Parquet values become JSON); blank is NULL."""
    quoted = quote_identifier(column)
    if types.get(column, "VARCHAR") == "VARCHAR":
        return f"nullif(trim({quoted}), '')"
    return f"to_json({quoted})::VARCHAR"


def _object(column_sql: str, extra: str) -> str:
    """`column_sql` with the keys of the JSON object `extra` added (extra wins), or either."""
    if extra == "NULL":
        return column_sql
    return f"json_merge_patch(coalesce({column_sql}, '{{}}'), {extra})::VARCHAR"


def _layout_values(mapping: ResolvedMapping, types: dict[str, str]) -> dict[str, str]:
    """Staging SQL for the Segment-spec columns of an events-layout file (see `mapping`)."""
    roles = mapping.roles
    values: dict[str, str] = {}
    if "type" in roles:
        values["type"] = f"lower({_text(mapping, 'type', types)})"
    if "previous_id" in roles:
        values["previous_id"] = _text(mapping, "previous_id", types)
    objects = {key: _json_object_column(roles[key], types) for key in _OBJECT_ROLES if key in roles}
    if not objects:
        return values
    checks = " ".join(
        f"WHEN {sql} IS NOT NULL AND coalesce(json_type(try_cast({sql} AS JSON)), '') <> 'OBJECT'"
        f" THEN '{key} must be an object'"
        for key, sql in objects.items()
    )
    values["reason"] = f"CASE {checks} END"
    properties = [(quote_identifier(c), c) for c in mapping.properties]
    if "properties" in objects:
        values["properties"] = _object(objects["properties"], json_object_sql(properties))
    if "context" in objects:
        values["context"] = objects["context"]
    if "traits" in objects:
        own = [(quote_identifier(c), key) for c, key in mapping.traits]
        values["traits"] = _object(objects["traits"], json_object_sql(own))
    return values


def select_table_sql(
    source: str,
    mapping: ResolvedMapping,
    types: dict[str, str],
    overrides: dict[str, str] | None = None,
    *,
    number_rows: bool = True,
) -> str:
    """A parenthesised SELECT of the staging columns from the relation `source`; `overrides`
    replace the SQL of some columns (the GA importer computes `type`, `event` and `time`).

    Without `number_rows` the row numbers are left NULL for `check_into_ready` to read off the
    rows' position: `row_number() OVER ()` runs the whole read on a single thread."""
    properties = [(quote_identifier(c), c) for c in mapping.properties]
    values = {
        "row_number": "row_number() OVER ()" if number_rows else "NULL",
        "raw": "NULL",
        "message_id": _text(mapping, "id", types),
        "type": "'track'",
        "event": _literal(mapping.event_name)
        if mapping.event_name is not None
        else _text(mapping, "event", types),
        "anonymous_id": _text(mapping, "anonymous", types),
        "user_id": _text(mapping, "person", types),
        "time": _text(mapping, "time", types),
        "channel": _text(mapping, "channel", types),
        "properties": json_object_sql(properties),
        "context": context_object_sql([(quote_identifier(c), c) for c in mapping.context]),
        "traits": json_object_sql([(quote_identifier(c), key) for c, key in mapping.traits]),
        "previous_id": "NULL",
        "reason": "NULL",
    }
    values.update(_layout_values(mapping, types))
    values.update(overrides or {})
    select = ",\n        ".join(f"{values[name]} AS {name}" for name in STAGE_COLUMNS)
    return f"(SELECT {select}\nFROM {source})"


def insert_table_sql(
    source: str,
    mapping: ResolvedMapping,
    types: dict[str, str],
    overrides: dict[str, str] | None = None,
) -> str:
    """INSERT INTO the stage table from the relation `source` (see `select_table_sql`)."""
    columns = ", ".join(STAGE_COLUMNS)
    select = select_table_sql(source, mapping, types, overrides)
    return f"INSERT INTO {STAGE} ({columns})\nSELECT {columns} FROM {select}"
