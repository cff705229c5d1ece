"""Google Analytics hit-level exports (CSV or Parquet) mapped to Segment-spec events.

Two shapes are recognised by their columns:
- GA4 (BigQuery export flattened): `event_name`, `event_timestamp` (microseconds),
  `user_pseudo_id` (anonymous), `user_id`;
- Universal Analytics / GA360 hits: `fullVisitorId` or `clientId` (anonymous), `userId`,
  `visitStartTime` + `hits.time` (or a timestamp column), `hits.type`,
  `hits.eCommerceAction.action_type`, page and event fields.

Page views become `page` events named by the page title (else path); e-commerce actions and GA4
recommended events become the Segment e-commerce names (`Product Viewed`, `Product Added`,
`Order Completed`, ...). Every other column is kept in properties.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import duckdb

from journeymap.events.csv_import import csv_columns, read_csv_sql, sniff_delimiter
from journeymap.events.errors import IngestError
from journeymap.events.mapping import ResolvedMapping
from journeymap.events.options import IngestOptions
from journeymap.events.progress import Progress
from journeymap.events.sources import head_bytes, size_of
from journeymap.events.staging import STAGE
from journeymap.events.tabular import insert_table_sql, quote_identifier

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


def _pick(columns: list[str], *names: str) -> str | None:
    lowered = {c.lower(): c for c in columns}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def _col(name: str | None) -> str:
    return "NULL" if name is None else f"CAST({quote_identifier(name)} AS VARCHAR)"


def _case(expression: str, table: dict[str, str]) -> str:
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in table.items())
    return f"CASE {expression} {whens} END"


def _ga4(columns: list[str]) -> tuple[ResolvedMapping, str, str, list[str]]:
    name = _pick(columns, "event_name")
    roles = {"event": name or "event_name"}
    for role, candidates in (
        ("anonymous", ("user_pseudo_id",)),
        ("person", ("user_id",)),
        ("time", ("event_timestamp", "timestamp")),
    ):
        found = _pick(columns, *candidates)
        if found:
            roles[role] = found
    raw = _col(name)
    event_type = f"CASE WHEN {raw} = 'page_view' THEN 'page' ELSE 'track' END"
    title = _pick(columns, "page_title")
    event = (
        f"CASE WHEN {raw} = 'page_view' THEN {_col(title)}"
        f" ELSE coalesce({_case(raw, GA4_EVENTS)}, {raw}) END"
    )
    return ResolvedMapping(roles, (), ()), event_type, event, list(roles.values())


def _ua(columns: list[str]) -> tuple[ResolvedMapping, str, str, list[str]]:
    roles: dict[str, str] = {}
    for role, candidates in (
        ("anonymous", ("fullVisitorId", "clientId", "client_id")),
        ("person", ("userId", "user_id")),
        ("time", ("timestamp", "hits.timestamp", "datetime")),
    ):
        found = _pick(columns, *candidates)
        if found:
            roles[role] = found
    hit_type = _col(_pick(columns, "hits.type", "hits_type", "hitType", "type"))
    action = _col(
        _pick(
            columns,
            "hits.eCommerceAction.action_type",
            "hits_eCommerceAction_action_type",
            "action_type",
            "ecommerce_action",
        )
    )
    title = _col(_pick(columns, "hits.page.pageTitle", "hits_page_pageTitle", "pageTitle"))
    path = _col(_pick(columns, "hits.page.pagePath", "hits_page_pagePath", "pagePath"))
    event_action = _col(
        _pick(columns, "hits.eventInfo.eventAction", "hits_eventInfo_eventAction", "eventAction")
    )
    event_type = (
        f"CASE WHEN upper({hit_type}) IN ('PAGE', 'PAGEVIEW')"
        f" AND coalesce({action}, '0') IN ('0', '') THEN 'page' ELSE 'track' END"
    )
    event = (
        f"coalesce({_case(action, UA_ACTIONS)}, CASE WHEN upper({hit_type}) IN ('PAGE', 'PAGEVIEW')"
        f" THEN coalesce({title}, {path}) END, {event_action}, lower({hit_type}))"
    )
    used = list(roles.values())
    return ResolvedMapping(roles, (), ()), event_type, event, used


def _ua_time(columns: list[str]) -> str | None:
    start = _pick(columns, "visitStartTime")
    if start is None:
        return None
    offset = _pick(columns, "hits.time", "hits_time")
    milliseconds = f"TRY_CAST({quote_identifier(offset)} AS BIGINT)" if offset else "0"
    seconds = f"TRY_CAST({quote_identifier(start)} AS BIGINT)"
    return f"CAST({seconds} * 1000 + coalesce({milliseconds}, 0) AS VARCHAR)"


def load_ga(
    con: duckdb.DuckDBPyConnection, path: Path, options: IngestOptions, progress: Progress
) -> None:
    if head_bytes(path, 4).startswith(b"PAR1"):
        source = "read_parquet('" + str(path).replace("'", "''") + "')"
    else:
        delimiter = sniff_delimiter(path, "tsv" if path.suffix.lower() == ".tsv" else "csv")
        source = read_csv_sql(path, delimiter, rejects=False)
    try:
        columns, types = csv_columns(con, source)
    except duckdb.Error as exc:
        raise IngestError(f"cannot read {path} as a Google Analytics export: {exc}") from None
    is_ga4 = _pick(columns, "event_name") is not None and _pick(columns, "user_pseudo_id")
    mapping, event_type, event, used = _ga4(columns) if is_ga4 else _ua(columns)
    time_sql = None if is_ga4 else _ua_time(columns)
    if "time" not in mapping.roles and time_sql is None:
        raise IngestError(f"no time column in {path}: pass --format csv with --time COL")
    properties = tuple(c for c in columns if c not in used)
    mapping = ResolvedMapping(mapping.roles, properties, ())
    overrides = {"type": event_type, "event": event}
    if time_sql is not None and "time" not in mapping.roles:
        overrides["time"] = time_sql
    con.execute(insert_table_sql(source, mapping, types, overrides))
    con.execute(f"UPDATE {STAGE} SET channel = coalesce(channel, 'web')")  # noqa: S608 - SQL text from our constants, identifiers quoted
    rows = con.execute(f"SELECT count(*) FROM {STAGE}").fetchone()  # noqa: S608 - SQL text from our constants, identifiers quoted
    progress(size_of(path), int(rows[0]) if rows else 0)
