"""Google Analytics hit-level exports (CSV or Parquet) mapped to Segment-spec events.

Two shapes are recognised by their columns (every flattened spelling, see `ga_fields`):
- GA4 BigQuery export: `event_name`, `event_timestamp` (microseconds), `user_pseudo_id`
  (anonymous), `user_id`, `traffic_source_*`, `event_params` (JSON or a Parquet list);
- Universal Analytics / GA360 hits: `fullVisitorId` or `clientId` (anonymous), `userId`,
  `visitStartTime` + `hits_time`/`time` (milliseconds into the visit), `hits_type`,
  `hits_eCommerceAction_action_type`/`eCommerceAction_type`, page, traffic source, and
  `channelGrouping` fields.

Page views become `page` events named by the page title; e-commerce actions and GA4
recommended events become the Segment e-commerce names (`Product Viewed`, `Product Added`,
`Order Completed`, ...). The page URL, title and referrer and the campaign source, medium and
name become the `context` (so `url:` and `context:` bindings match), the channel grouping (or
GA's grouping of the traffic source) the `channel`, GA4 `event_params` properties; every other
column stays in properties. `--person`, `--anonymous`, `--event`, `--event-name`, `--time`,
`--id`, `--channel` and `--property` override what is detected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import duckdb

from journeymap.events.csv_import import csv_columns, read_csv_sql, sniff_delimiter
from journeymap.events.errors import IngestError
from journeymap.events.ga_fields import (
    GA4_FIELDS,
    PARAM_KEYS,
    UA_FIELDS,
    channel_sql,
    context_sql,
    find_fields,
    params_json_sql,
    pick,
    text,
)
from journeymap.events.mapping import ResolvedMapping, chosen_properties, explicit_roles
from journeymap.events.options import IngestOptions
from journeymap.events.progress import Progress
from journeymap.events.sources import head_bytes, size_of
from journeymap.events.staging import STAGE
from journeymap.events.tabular import insert_table_sql, json_object_sql, quote_identifier
from journeymap.i18n import gettext as _

GA4_EVENTS: Final = {
    "view_item": "Product Viewed",
    "view_item_list": "Product List Viewed",
    "select_item": "Product Clicked",
    "add_to_cart": "Product Added",
    "remove_from_cart": "Product Removed",
    "view_cart": "Cart Viewed",
    "begin_checkout": "Checkout Started",
    "add_shipping_info": "Checkout Step Completed",
    "add_payment_info": "Payment Info Entered",
    "purchase": "Order Completed",
    "refund": "Order Refunded",
    "add_to_wishlist": "Product Added to Wishlist",
    "view_promotion": "Promotion Viewed",
    "select_promotion": "Promotion Clicked",
    "search": "Products Searched",
    "view_search_results": "Products Searched",
    "sign_up": "Signed Up",
    "login": "Signed In",
}
UA_ACTIONS: Final = {
    "1": "Product Clicked",
    "2": "Product Viewed",
    "3": "Product Added",
    "4": "Product Removed",
    "5": "Checkout Started",
    "6": "Order Completed",
    "7": "Order Refunded",
    "8": "Checkout Step Completed",
}


@dataclass
class _Shape:
    """What one export's columns say: roles, SQL of the computed fields, consumed columns."""

    roles: dict[str, str] = field(default_factory=dict)
    sql: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)


def _case(expression: str, table: dict[str, str]) -> str:
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in table.items())
    return f"CASE {expression} {whens} END"


def _roles(shape: _Shape, columns: list[str], candidates: dict[str, tuple[str, ...]]) -> None:
    for role, names in candidates.items():
        found = pick(columns, *names)
        if found:
            shape.roles[role] = found
            shape.used.add(found)


def _common(shape: _Shape, found: dict[str, str], page: dict[str, str]) -> None:
    campaign: dict[str, str] = {k: text(found[k]) for k in ("source", "medium") if k in found}
    if "campaign" in found:
        campaign["name"] = text(found["campaign"])
    device = {"type": text(found["device"])} if "device" in found else {}
    shape.sql["context"] = context_sql({"page": page, "campaign": campaign, "device": device})
    channel = channel_sql(found)
    if channel is not None:
        shape.sql["channel"] = channel
    shape.used |= set(found.values())


def _ga4(columns: list[str], types: dict[str, str]) -> _Shape:
    shape = _Shape()
    _roles(
        shape,
        columns,
        {
            "anonymous": ("user_pseudo_id",),
            "person": ("user_id",),
            "time": ("event_timestamp", "timestamp"),
        },
    )
    found = find_fields(columns, GA4_FIELDS)
    params = params_json_sql(found["params"], types) if "params" in found else None
    page = {}
    for key, param in PARAM_KEYS.items():
        from_param = f"json_extract_string({params}, '$.{param}')" if params else "NULL"
        if key in found or params:
            page[key] = f"coalesce({from_param}, {text(found.get(key))})"
    _common(shape, found, page)
    name = pick(columns, "event_name")
    raw = text(name)
    shape.used.add(name or "event_name")
    shape.sql["type"] = f"CASE WHEN {raw} = 'page_view' THEN 'page' ELSE 'track' END"
    title = page.get("title", "NULL")
    shape.sql["event"] = (
        f"CASE WHEN {raw} = 'page_view' THEN {title}"
        f" ELSE coalesce({_case(raw, GA4_EVENTS)}, {raw}) END"
    )
    if params is not None:
        shape.sql["params"] = params
    return shape


def _ua_time(found: dict[str, str]) -> str | None:
    """Epoch milliseconds of a hit: the visit's start (seconds) plus the hit's offset (ms)."""
    if "start" not in found:
        return None
    offset = found.get("offset")
    milliseconds = f"TRY_CAST({quote_identifier(offset)} AS BIGINT)" if offset else "0"
    seconds = f"TRY_CAST({quote_identifier(found['start'])} AS BIGINT)"
    return f"CAST({seconds} * 1000 + coalesce({milliseconds}, 0) AS VARCHAR)"


def _ua(columns: list[str]) -> _Shape:
    shape = _Shape()
    _roles(
        shape,
        columns,
        {
            "anonymous": ("fullVisitorId", "clientId", "client_id"),
            "person": ("userId", "user_id"),
            "time": ("timestamp", "hits.timestamp", "datetime"),
        },
    )
    found = find_fields(columns, UA_FIELDS)
    path, host = text(found.get("path")), text(found.get("host"))
    page = {}
    if "path" in found:
        url = f"CASE WHEN {host} IS NOT NULL THEN 'https://' || {host} || coalesce({path}, '')"
        page["url"] = f"{url} ELSE {path} END"
        page["path"] = path
    if "title" in found:
        page["title"] = text(found["title"])
    _common(shape, found, page)
    hit_type, action = text(found.get("hit_type")), text(found.get("action"))
    title = text(found.get("title"))
    shape.sql["type"] = (
        f"CASE WHEN upper({hit_type}) IN ('PAGE', 'PAGEVIEW')"
        f" AND coalesce({action}, '0') IN ('0', '') THEN 'page' ELSE 'track' END"
    )
    shape.sql["event"] = (
        f"coalesce({_case(action, UA_ACTIONS)}, CASE WHEN upper({hit_type}) IN ('PAGE', 'PAGEVIEW')"
        f" THEN coalesce({title}, {path}) END, {text(found.get('event_action'))},"
        f" lower({hit_type}))"
    )
    time = _ua_time(found)
    if time is not None and "time" not in shape.roles:
        shape.sql["time"] = time
    hit = [shape.roles.get("anonymous"), found.get("visit"), found.get("hit_number")]
    if all(hit):
        shape.sql["message_id"] = "concat_ws(':', " + ", ".join(text(c) for c in hit) + ")"
    return shape


def _apply_options(shape: _Shape, columns: list[str], options: IngestOptions, file: str) -> None:
    """What the user named wins over what the export's shape says."""
    mapping = options.mapping
    named = explicit_roles(columns, mapping, file)
    shape.roles.update(named)
    shape.used |= set(named.values())
    computed = {"time": "time", "channel": "channel", "id": "message_id"}
    for role, column in computed.items():
        if role in named:
            shape.sql.pop(column, None)
    if "event" in named or mapping.event_name is not None:
        shape.sql.pop("event", None)
        shape.sql["type"] = "'track'"


def _source(path: Path) -> str:
    if head_bytes(path, 4).startswith(b"PAR1"):
        return "read_parquet('" + str(path).replace("'", "''") + "')"
    delimiter = sniff_delimiter(path, "tsv" if path.suffix.lower() == ".tsv" else "csv")
    return read_csv_sql(path, delimiter, rejects=False)


def load_ga(
    con: duckdb.DuckDBPyConnection, path: Path, options: IngestOptions, progress: Progress
) -> None:
    source = _source(path)
    try:
        columns, types = csv_columns(con, source)
    except duckdb.Error as exc:
        raise IngestError(
            _("cannot read {path} as a Google Analytics export: {exc}", path=path, exc=exc)
        ) from None
    is_ga4 = pick(columns, "event_name") is not None and pick(columns, "user_pseudo_id")
    shape = _ga4(columns, types) if is_ga4 else _ua(columns)
    _apply_options(shape, columns, options, path.name)
    if "time" not in shape.roles and "time" not in shape.sql:
        raise IngestError(
            _(
                "no time column in {path} (looked for event_timestamp, visitStartTime with "
                "hits_time, timestamp): pass --time COL",
                path=path,
            )
        )
    rest = [c for c in columns if c not in shape.used]
    properties = chosen_properties(columns, rest, options.mapping, path.name)
    mapping = ResolvedMapping(shape.roles, properties, (), options.mapping.event_name)
    overrides = {k: v for k, v in shape.sql.items() if k != "params"}
    if "params" in shape.sql:
        own = json_object_sql([(quote_identifier(c), c) for c in properties])
        merged = f"json_merge_patch(coalesce({own}, '{{}}'), {shape.sql['params']})::VARCHAR"
        overrides["properties"] = f"nullif({merged}, '{{}}')"
    try:
        con.execute(insert_table_sql(source, mapping, types, overrides))
    except duckdb.Error as exc:
        raise IngestError(
            _("cannot read {path} as a Google Analytics export: {exc}", path=path, exc=exc)
        ) from None
    con.execute(f"UPDATE {STAGE} SET channel = coalesce(channel, 'web')")  # noqa: S608 - SQL text from our constants, identifiers quoted
    rows = con.execute(f"SELECT count(*) FROM {STAGE}").fetchone()  # noqa: S608 - SQL text from our constants, identifiers quoted
    progress(size_of(path), int(rows[0]) if rows else 0)
