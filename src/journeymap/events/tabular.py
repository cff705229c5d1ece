"""Staging rows from any table DuckDB can scan (CSV, Parquet, ...) given a resolved mapping."""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.events.mapping import ResolvedMapping
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


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _text(mapping: ResolvedMapping, role: str, types: dict[str, str]) -> str:
    column = mapping.roles.get(role)
    if column is None:
        return "NULL"
    quoted = quote_identifier(column)
    if role == "time" and types.get(column, "").startswith("TIMESTAMP WITH TIME ZONE"):
        return f"strftime(timezone('UTC', {quoted}), '%Y-%m-%d %H:%M:%S.%f') || 'Z'"
    return f"nullif(trim(CAST({quoted} AS VARCHAR)), '')"


def insert_table_sql(
    source: str,
    mapping: ResolvedMapping,
    types: dict[str, str],
    overrides: dict[str, str] | None = None,
) -> str:
    """INSERT INTO the stage from the relation `source`; `overrides` replace the SQL of some
    staging columns (the GA importer computes `type`, `event` and `time` itself)."""
    properties = [(quote_identifier(c), c) for c in mapping.properties]
    values = {
        "row_number": "row_number() OVER ()",
        "raw": "NULL",
        "message_id": _text(mapping, "id", types),
        "type": "'track'",
        "event": _text(mapping, "event", types),
        "anonymous_id": _text(mapping, "anonymous", types),
        "user_id": _text(mapping, "person", types),
        "time": _text(mapping, "time", types),
        "channel": _text(mapping, "channel", types),
        "properties": json_object_sql(properties),
        "context": "NULL",
        "traits": json_object_sql([(quote_identifier(c), key) for c, key in mapping.traits]),
        "previous_id": "NULL",
        "reason": "NULL",
    }
    values.update(overrides or {})
    select = ",\n        ".join(values[name] for name in STAGE_COLUMNS)
    return f"INSERT INTO {STAGE} ({', '.join(STAGE_COLUMNS)})\nSELECT {select}\nFROM {source}"
