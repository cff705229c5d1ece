"""Segment-spec (and RudderStack) JSON records to staging rows, as DuckDB SQL.

Works on a table of raw JSON texts `(row_number, raw, reason)`; the SELECT goes straight to
`staging.check_into_ready`. Lines holding a batch payload
(`{"batch": [...]}`) or a JSON array expand to one row per element. Both camelCase (Segment,
RudderStack) and snake_case keys are read.
"""

from __future__ import annotations

from typing import Final

import pyarrow as pa
import pyarrow.compute as pc

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


_PLAIN_ITEMS: Final = """items AS (
        SELECT row_number, 0 AS part, raw, reason,
            CASE WHEN reason IS NULL THEN TRY_CAST(raw AS JSON) END AS item
        FROM {source}"""
_EXPANDING_ITEMS: Final = """src AS MATERIALIZED (
        SELECT row_number, raw, reason,
            CASE WHEN reason IS NULL THEN TRY_CAST(raw AS JSON) END AS doc,
            (starts_with(ltrim(raw), '[') OR contains(raw, '"batch"')) AS maybe_many
        FROM {source}
    ), many AS (
        -- CASE keeps the optimizer from parsing every line's type before the filter
        SELECT row_number, raw, reason, doc, CASE WHEN maybe_many THEN
            json_type(doc) = 'ARRAY' OR (json_type(doc) = 'OBJECT'
                AND coalesce(json_type(doc, '$.batch'), '') = 'ARRAY') END AS expands
        FROM src WHERE maybe_many
    ), elements AS (
        SELECT row_number, CASE WHEN json_type(doc) = 'ARRAY' THEN json_extract(doc, '$[*]')
            ELSE json_extract(doc, '$.batch[*]') END AS list
        FROM many WHERE expands
    ), items AS (
        SELECT row_number, 0 AS part, raw, reason, doc AS item FROM src WHERE NOT maybe_many
        UNION ALL
        SELECT row_number, 0, raw, reason, doc FROM many WHERE expands IS NOT true
        UNION ALL
        -- `part`: the element's place in its line (Spark's `posexplode` numbers the same)
        SELECT row_number, generate_subscripts(list, 1), NULL AS raw, NULL AS reason,
            unnest(list) AS item
        FROM elements"""


def may_expand(raw: pa.ChunkedArray | pa.Array) -> bool:
    """Whether any of these JSON texts may hold a batch payload or an array (which expand to
    several events); the others take the plain, cheaper query."""
    stripped = pc.utf8_ltrim_whitespace(raw)
    hits = pc.or_(pc.starts_with(stripped, "["), pc.match_substring(raw, '"batch"'))
    return bool(pc.any(hits).as_py())


def select_records_sql(source: str, *, expand: bool = True) -> str:
    """A parenthesised SELECT of the staging columns from `source(row_number, raw, reason)`
    holding JSON texts; `expand=False` when no text holds a batch or an array (`may_expand`)."""
    spec = "{" + ", ".join(f'"{key}": "JSON"' for key in _all_keys()) + "}"
    scalars = [k for k in _all_keys() if k not in _OBJECT_KEYS]
    text_spec = "{" + ", ".join(f'"{key}": "VARCHAR"' for key in scalars) + "}"
    channels = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _CHANNELS.items())
    items = _EXPANDING_ITEMS.format(source=source) if expand else _PLAIN_ITEMS.format(source=source)
    # the union above lists plain lines before expanded ones: put the rows back in file order,
    # which `seq` numbers (`commit.py`); only chunks that hold a batch or an array pay the sort
    order = "\n    ORDER BY row_number, part" if expand else ""
    return f"""(
    WITH {items}
    ), objects AS (
        -- a valid JSON text is an object exactly when it starts with a brace
        SELECT *, starts_with(ltrim(item::VARCHAR), '{{') AS is_object FROM items
    ), fields AS (
        SELECT row_number, part, coalesce(raw, item::VARCHAR) AS raw, reason, item, is_object,
            CASE WHEN is_object THEN json_transform(item, '{spec}') END AS f,
            CASE WHEN is_object THEN json_transform(item, '{text_spec}') END AS t
        FROM objects
    ), typed AS (
        SELECT *, lower(t."type") AS event_type FROM fields
    )
    SELECT
        row_number, raw,
        {_field("message_id")} AS message_id,
        coalesce(event_type, CASE WHEN f.event IS NOT NULL THEN 'track'
                                  WHEN f.traits IS NOT NULL THEN 'identify' END) AS type,
        CASE WHEN coalesce(event_type, 'track') = 'track' THEN t."event"
             ELSE coalesce(t."name", t."event") END AS event,
        {_field("anonymous_id")} AS anonymous_id,
        {_field("user_id")} AS user_id,
        {_field("time")} AS time,
        CASE lower(t."channel") {channels} ELSE lower(t."channel") END AS channel,
        CASE WHEN json_type(f.properties) <> 'NULL' THEN f.properties::VARCHAR END
            AS properties,
        CASE WHEN json_type(f.context) <> 'NULL' THEN f.context::VARCHAR END AS context,
        coalesce(CASE WHEN json_type(f.traits) <> 'NULL' THEN f.traits::VARCHAR END,
                 CASE WHEN json_type(f.context, '$.traits') = 'OBJECT'
                      THEN json_extract(f.context, '$.traits')::VARCHAR END) AS traits,
        {_field("previous_id")} AS previous_id,
        coalesce(reason, CASE
            WHEN item IS NULL THEN 'invalid JSON'
            WHEN NOT is_object
                THEN 'not a JSON object (' || {_kind("item")} || ')'
            {_wrong_type_checks()}
        END) AS reason
    FROM typed{order}
    )"""  # noqa: S608 - SQL text from our constants, identifiers quoted
