"""Segment-spec JSON lines to staging rows on Spark (the rules of `segment_json`).

Each line is one record; a line holding a JSON array or a batch payload (`{"batch": [...]}`)
expands to one record per element. Keys are read in camelCase and snake_case; a key of the
wrong JSON type sends the record to quarantine with the reason, as on DuckDB. Values are read
as text by `from_json` (objects keep their JSON text, in their key order); JSON types are told
apart with Spark's VARIANT (`schema_of_variant`).
"""

from __future__ import annotations

from typing import Any, Final

from journeymap.events.segment_json import _CHANNELS, _FIELDS, _OBJECT_KEYS
from journeymap.events.staging import STAGE_COLUMNS

_SCALARS: Final = ("type", "event", "name", "channel")


def _keys() -> list[str]:
    keys = [*_SCALARS, *_OBJECT_KEYS]
    for names in _FIELDS.values():
        keys += names
    return keys


def _kind(variant: str) -> str:
    """The JSON type name (as `segment_json` words it) of a VARIANT expression."""
    schema = f"schema_of_variant({variant})"
    return (
        f"CASE WHEN startswith({schema}, 'OBJECT') THEN 'object'"
        f" WHEN startswith({schema}, 'ARRAY') THEN 'array'"
        f" WHEN {schema} = 'STRING' THEN 'string' WHEN {schema} = 'BOOLEAN' THEN 'boolean'"
        f" WHEN {schema} = 'VOID' THEN 'null' ELSE 'number' END"
    )


def _member(key: str) -> str:
    return f"variant_get(v, '$.{key}')"


def _type_checks() -> str:
    checks = []
    for names in _FIELDS.values():
        for key in names:
            kind = _kind(_member(key))
            checks.append(
                f"WHEN {kind} IN ('object', 'array', 'boolean')"
                f" THEN '{key} must be a string or a number, not ' || {kind}"
            )
    for key in _OBJECT_KEYS:
        kind = _kind(_member(key))
        checks.append(
            f"WHEN {_member(key)} IS NOT NULL AND {kind} NOT IN ('object', 'null')"
            f" THEN '{key} must be an object, not ' || {kind}"
        )
    for key in _SCALARS:
        kind = _kind(_member(key))
        checks.append(
            f"WHEN {_member(key)} IS NOT NULL AND {kind} NOT IN ('string', 'null')"
            f" THEN '{key} must be a string, not ' || {kind}"
        )
    return " ".join(checks)


def _first(field: str) -> str:
    return "coalesce(" + ", ".join(f"f.`{key}`" for key in _FIELDS[field]) + ")"


def records_from_lines(lines: Any) -> Any:
    """Staging rows from a DataFrame of `(value, row_number)` text lines, with `part`: the
    position of an expanded record within its line (0 for the others)."""
    from pyspark.sql import functions as sf

    lines = lines.where(sf.trim("value") != "")
    binary = "contains(value, '\\uFFFD') OR contains(value, chr(0))"
    many = (
        "CASE WHEN reason IS NULL AND (startswith(ltrim(value), '[')"
        " OR contains(value, '\"batch\"')) THEN coalesce("
        "  CASE WHEN startswith(ltrim(value), '[') THEN from_json(value, 'array<string>') END,"
        "  from_json(get_json_object(value, '$.batch'), 'array<string>')) END"
    )
    items = lines.selectExpr(
        "row_number",
        "value AS raw",
        f"CASE WHEN {binary} THEN 'not UTF-8 text (binary data)' END AS reason",
        "value",
    ).selectExpr("row_number", "raw", "reason", "value", f"{many} AS many")
    single = items.where("many IS NULL").selectExpr(
        "row_number", "0 AS part", "raw", "reason", "raw AS item"
    )
    expanded = (
        items.where("many IS NOT NULL")
        .selectExpr("row_number", "posexplode(many) AS (part, raw)", "reason")
        .selectExpr("row_number", "part", "raw", "reason", "raw AS item")
    )
    text_schema = ", ".join(f"`{key}` string" for key in _keys())
    parsed = single.unionByName(expanded).selectExpr(
        "row_number",
        "part",
        "raw",
        "reason",
        "try_parse_json(item) AS v",
        f"from_json(item, '{text_schema}') AS f",
    )
    channels = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _CHANNELS.items())
    event_type = "lower(f.`type`)"
    values = {
        "row_number": "row_number",
        "raw": "raw",
        "message_id": _first("message_id"),
        "type": (
            f"coalesce({event_type}, CASE WHEN f.event IS NOT NULL THEN 'track'"
            " WHEN f.traits IS NOT NULL THEN 'identify' END)"
        ),
        "event": (
            f"CASE WHEN coalesce({event_type}, 'track') = 'track' THEN f.event"
            " ELSE coalesce(f.name, f.event) END"
        ),
        "anonymous_id": _first("anonymous_id"),
        "user_id": _first("user_id"),
        "time": _first("time"),
        "channel": f"CASE lower(f.channel) {channels} ELSE lower(f.channel) END",
        "properties": "f.properties",
        "context": "f.context",
        "traits": (
            "coalesce(f.traits, CASE WHEN startswith(schema_of_variant("
            "variant_get(v, '$.context.traits')), 'OBJECT')"
            " THEN get_json_object(f.context, '$.traits') END)"
        ),
        "previous_id": _first("previous_id"),
        "reason": (
            "coalesce(reason, CASE WHEN v IS NULL THEN 'invalid JSON'"
            f" WHEN NOT startswith(schema_of_variant(v), 'OBJECT')"
            f" THEN 'not a JSON object (' || {_kind('v')} || ')' {_type_checks()} END)"
        ),
    }
    columns = (f"{values[name]} AS {name}" for name in STAGE_COLUMNS)
    return parsed.selectExpr(*columns, "part")
