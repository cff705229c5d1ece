"""Segment warehouse `context_*` columns back into the nested `context` object of the spec.

Segment's warehouses flatten `context.page.url` to a column `context_page_url` and turn
camelCase keys into snake_case (`context.userAgent` -> `context_user_agent`). The object is
rebuilt from the spec's own shape: a column whose name after `context_` starts with one of the
spec's context objects (`page_`, `campaign_`, `device_`, ...) goes inside that object, any other
is a top-level key; keys are camelCased back (`device_ad_tracking_enabled` ->
`device.adTrackingEnabled`), so bindings written for Segment's JSON (`url:`,
`context: {campaign.source: ...}`) match the warehouse rows of the same events.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

CONTEXT_OBJECTS: Final = (
    "app",
    "campaign",
    "device",
    "library",
    "location",
    "network",
    "os",
    "page",
    "referrer",
    "screen",
    "traits",
)
"""The objects of Segment's `context` (its spec), in the order their keys are written."""
PREFIX: Final = "context_"


def camel_case(snake: str) -> str:
    """`ad_tracking_enabled` -> `adTrackingEnabled` (Segment's JSON keys)."""
    first, *rest = snake.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def context_key(column: str) -> tuple[str | None, str]:
    """(object, key) of a `context_*` column: (`page`, `url`) for `context_page_url`, (None,
    `userAgent`) for `context_user_agent`."""
    name = column[len(PREFIX) :].lower() if column.lower().startswith(PREFIX) else column.lower()
    head, _, tail = name.partition("_")
    if head in CONTEXT_OBJECTS and tail:
        return head, camel_case(tail)
    return None, camel_case(name)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def context_object_sql(pairs: Sequence[tuple[str, str]]) -> str:
    """SQL of the nested JSON text built from (SQL expression, `context_*` column name) pairs;
    NULL when there are none."""
    if not pairs:
        return "NULL"
    nested: dict[str, list[tuple[str, str]]] = {}
    top: list[tuple[str, str]] = []
    for expression, column in pairs:
        parent, key = context_key(column)
        if parent is None:
            top.append((key, expression))
        else:
            nested.setdefault(parent, []).append((key, expression))
    # a scalar column named like an object (`context_page`) cannot sit beside the object
    for key, expression in [item for item in top if item[0] in nested]:
        top.remove((key, expression))
        nested[key].append(("value", expression))
    entries = [
        f"{_literal(parent)}, json_object("
        + ", ".join(f"{_literal(key)}, {value}" for key, value in keys)
        + ")"
        for parent, keys in nested.items()
    ] + [f"{_literal(key)}, {value}" for key, value in top]
    return f"json_object({', '.join(entries)})::VARCHAR"
