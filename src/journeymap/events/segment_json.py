"""Segment-spec (and RudderStack) JSON records to staging rows, as DuckDB SQL.

Works on a table of raw JSON texts `(row_number, raw, reason)`. Lines holding a batch payload
(`{"batch": [...]}`) or a JSON array expand to one row per element. Both camelCase (Segment,
RudderStack) and snake_case keys are read.
"""

from __future__ import annotations

from typing import Final

from journeymap.events.staging import STAGE, STAGE_COLUMNS

_FIELDS: Final = {
    "message_id": ("messageId", "message_id"),
    "user_id": ("userId", "user_id"),
    "anonymous_id": ("anonymousId", "anonymous_id"),
    "previous_id": ("previousId", "previous_id"),
    "time": (
        "timestamp",
        "originalTimestamp",
        "original_timestamp",
        "sentAt",
        "sent_at",
        "receivedAt",
        "received_at",
    ),
}
_OBJECT_KEYS: Final = ("properties", "context", "traits")
_CHANNELS: Final = {"browser": "web", "client": "web", "web": "web", "mobile": "mobile"}


def _all_keys() -> list[str]:
    keys = ["type", "event", "name", "channel", *_OBJECT_KEYS]
    for names in _FIELDS.values():
        keys += names
    return keys


def _kind(value: str) -> str:
    """The JSON name of a value's type (number, string, boolean, object, array)."""
    return (
        f"CASE json_type({value}) WHEN 'VARCHAR' THEN 'string' WHEN 'BOOLEAN' THEN 'boolean'"
        f" WHEN 'OBJECT' THEN 'object' WHEN 'ARRAY' THEN 'array' WHEN 'NULL' THEN 'null'"
        " ELSE 'number' END"
    )


def _field(field: str) -> str:
    """The first present key of a field as text (from the VARCHAR transform `t`); values of
    the wrong JSON type are quarantined by `_wrong_type_checks`, so their text never counts."""
    return "coalesce(" + ", ".join(f't."{key}"' for key in _FIELDS[field]) + ")"


def _wrong_type_checks() -> str:
    checks = []
    for names in _FIELDS.values():
        for key in names:
            checks.append(
                f"""WHEN json_type(f."{key}") IN ('OBJECT', 'ARRAY', 'BOOLEAN')
                THEN '{key} must be a string or a number, not ' || {_kind(f'f."{key}"')}"""
            )
    for key in _OBJECT_KEYS:
        checks.append(
            f"""WHEN json_type(f."{key}") NOT IN ('OBJECT', 'NULL')
            THEN '{key} must be an object, not ' || {_kind(f'f."{key}"')}"""
        )
    for key in ("type", "event", "name", "channel"):
        checks.append(
            f"""WHEN json_type(f."{key}") NOT IN ('VARCHAR', 'NULL')
            THEN '{key} must be a string, not ' || {_kind(f'f."{key}"')}"""
        )
    return "\n".join(checks)


def insert_records_sql(source: str) -> str:
    """INSERT INTO the stage from `source(row_number, raw, reason)` holding JSON texts."""
    spec = "{" + ", ".join(f'"{key}": "JSON"' for key in _all_keys()) + "}"
    scalars = [k for k in _all_keys() if k not in _OBJECT_KEYS]
    text_spec = "{" + ", ".join(f'"{key}": "VARCHAR"' for key in scalars) + "}"
    channels = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _CHANNELS.items())
    columns = ", ".join(STAGE_COLUMNS)
    return f"""
    INSERT INTO {STAGE} ({columns})
    WITH src AS MATERIALIZED (
        SELECT row_number, raw, reason,
            CASE WHEN reason IS NULL THEN TRY_CAST(raw AS JSON) END AS doc,
            -- only lines that may hold a batch or an array pay for the checks below
            (starts_with(ltrim(raw), '[') OR contains(raw, '"batch"')) AS maybe_many
        FROM {source}
    ), many AS (
        SELECT row_number, raw, reason, doc,
            json_type(doc) = 'ARRAY' OR (json_type(doc) = 'OBJECT'
                AND coalesce(json_type(doc, '$.batch'), '') = 'ARRAY') AS expands
        FROM src WHERE maybe_many
    ), items AS (
        SELECT row_number, raw, reason, doc AS item FROM src WHERE NOT maybe_many
        UNION ALL
        SELECT row_number, raw, reason, doc FROM many WHERE expands IS NOT true
        UNION ALL
        SELECT row_number, NULL AS raw, NULL AS reason, unnest(CASE
            WHEN json_type(doc) = 'ARRAY' THEN json_extract(doc, '$[*]')
            ELSE json_extract(doc, '$.batch[*]') END) AS item
        FROM many WHERE expands
    ), fields AS MATERIALIZED (
        SELECT row_number, coalesce(raw, item::VARCHAR) AS raw, reason, item,
            CASE WHEN json_type(item) = 'OBJECT'
                THEN json_transform(item, '{spec}') END AS f,
            CASE WHEN json_type(item) = 'OBJECT'
                THEN json_transform(item, '{text_spec}') END AS t
        FROM items
    ), typed AS (
        SELECT *, lower(t."type") AS event_type FROM fields
    )
    SELECT
        row_number, raw,
        {_field("message_id")},
        coalesce(event_type, CASE WHEN f.event IS NOT NULL THEN 'track'
                                  WHEN f.traits IS NOT NULL THEN 'identify' END),
        CASE WHEN coalesce(event_type, 'track') = 'track' THEN t."event"
             ELSE coalesce(t."name", t."event") END,
        {_field("anonymous_id")},
        {_field("user_id")},
        {_field("time")},
        CASE lower(t."channel") {channels} ELSE lower(t."channel") END,
        CASE WHEN json_type(f.properties) <> 'NULL' THEN f.properties::VARCHAR END,
        CASE WHEN json_type(f.context) <> 'NULL' THEN f.context::VARCHAR END,
        coalesce(CASE WHEN json_type(f.traits) <> 'NULL' THEN f.traits::VARCHAR END,
                 CASE WHEN json_type(f.context, '$.traits') = 'OBJECT'
                      THEN json_extract(f.context, '$.traits')::VARCHAR END),
        {_field("previous_id")},
        coalesce(reason, CASE
            WHEN item IS NULL THEN 'invalid JSON'
            WHEN json_type(item) <> 'OBJECT'
                THEN 'not a JSON object (' || {_kind("item")} || ')'
            {_wrong_type_checks()}
        END)
    FROM typed
    """  # noqa: S608 - SQL text from our constants, identifiers quoted
