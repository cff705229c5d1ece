"""Columns of Google Analytics exports under every name they are flattened to, and the SQL
that turns them into Segment fields: the page and campaign `context`, the `channel` (GA's
default channel grouping when the export has none), GA4 `event_params` as properties.

BigQuery exports nest hits and params; flattening writes `hits.page.pagePath` as
`hits.page.pagePath`, `hits_page_pagePath` or just `pagePath` (Universal Analytics), and
`traffic_source.medium` as `traffic_source_medium` (GA4). Every spelling is tried,
case-insensitively.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from journeymap.events.tabular import quote_identifier

UA_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "start": ("visitStartTime",),
    "offset": ("hits.time", "hits_time", "time"),
    "visit": ("visitId",),
    "hit_number": ("hits.hitNumber", "hits_hitNumber", "hitNumber"),
    "hit_type": ("hits.type", "hits_type", "hitType", "type"),
    "action": (
        "hits.eCommerceAction.action_type",
        "hits_eCommerceAction_action_type",
        "eCommerceAction_action_type",
        "eCommerceAction_type",
        "action_type",
        "ecommerce_action",
    ),
    "title": ("hits.page.pageTitle", "hits_page_pageTitle", "pageTitle", "page_title"),
    "path": ("hits.page.pagePath", "hits_page_pagePath", "pagePath", "page_path"),
    "host": ("hits.page.hostname", "hits_page_hostname", "hostname"),
    "event_action": ("hits.eventInfo.eventAction", "hits_eventInfo_eventAction", "eventAction"),
    "source": ("trafficSource.source", "trafficSource_source"),
    "medium": ("trafficSource.medium", "trafficSource_medium"),
    "campaign": ("trafficSource.campaign", "trafficSource_campaign"),
    "device": ("device.deviceCategory", "device_deviceCategory", "deviceCategory"),
    "grouping": ("channelGrouping", "channel_grouping"),
}
GA4_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "params": ("event_params",),
    "url": ("page_location", "event_params_page_location", "event_params.page_location"),
    "title": ("page_title", "event_params_page_title", "event_params.page_title"),
    "referrer": ("page_referrer", "event_params_page_referrer", "event_params.page_referrer"),
    # the event's own source (collected at session start) before the user's first one
    "source": (
        "collected_traffic_source_manual_source",
        "collected_traffic_source.manual_source",
        "traffic_source_source",
        "traffic_source.source",
    ),
    "medium": (
        "collected_traffic_source_manual_medium",
        "collected_traffic_source.manual_medium",
        "traffic_source_medium",
        "traffic_source.medium",
    ),
    "campaign": (
        "collected_traffic_source_manual_campaign_name",
        "collected_traffic_source.manual_campaign_name",
        "traffic_source_name",
        "traffic_source.name",
    ),
    "device": ("device_category", "device.category"),
    "grouping": (
        "session_traffic_source_last_click_cross_channel_campaign_default_channel_group",
        "session_traffic_source_last_click.cross_channel_campaign.default_channel_group",
    ),
}
PARAM_KEYS: Final = {"url": "page_location", "title": "page_title", "referrer": "page_referrer"}
"""GA4 fields also found among the `event_params`."""


def pick(columns: Sequence[str], *names: str) -> str | None:
    lowered = {c.lower(): c for c in columns}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def find_fields(columns: Sequence[str], fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """field -> the column holding it, for the fields present."""
    found = {field: pick(columns, *names) for field, names in fields.items()}
    return {field: column for field, column in found.items() if column is not None}


def text(column: str | None) -> str:
    return "NULL" if column is None else f"nullif(CAST({quote_identifier(column)} AS VARCHAR), '')"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def default_channel_sql(source: str, medium: str) -> str:
    """GA's default channel grouping of a (source, medium) pair of SQL texts; NULL when both
    are NULL (no traffic source data)."""
    m = f"lower({medium})"
    groups = (
        ("Organic Search", "('organic')"),
        ("Paid Search", "('cpc', 'ppc', 'paidsearch', 'paid search', 'paid_search')"),
        ("Display", "('display', 'cpm', 'banner')"),
        ("Email", "('email', 'e-mail', 'e_mail', 'e mail')"),
        ("Referral", "('referral')"),
        ("Social", "('social', 'social-network', 'social-media', 'sm', 'social network')"),
        ("Affiliates", "('affiliate')"),
    )
    whens = " ".join(f"WHEN {m} IN {names} THEN '{label}'" for label, names in groups)
    return (
        f"CASE WHEN {source} IS NULL AND {medium} IS NULL THEN NULL"
        f" WHEN lower({source}) = '(direct)' OR {m} IN ('(none)', '(not set)') THEN 'Direct'"
        f" {whens} ELSE '(Other)' END"
    )


def channel_sql(found: dict[str, str]) -> str | None:
    """The channel: the export's channel grouping, else GA's grouping of the traffic source."""
    if "grouping" in found:
        return text(found["grouping"])
    if "source" in found or "medium" in found:
        return default_channel_sql(text(found.get("source")), text(found.get("medium")))
    return None


def params_json_sql(column: str, types: dict[str, str]) -> str:
    """GA4 `event_params` (JSON text, or a Parquet list of key/value structs) as a JSON object
    text `{key: value}`, each value of the type GA stored it with; `{}` when there are none."""
    quoted = quote_identifier(column)
    as_json = quoted if types.get(column, "VARCHAR") == "VARCHAR" else f"to_json({quoted})"
    shape = (
        '[{"key": "VARCHAR", "value": {"string_value": "VARCHAR", "int_value": "BIGINT",'
        ' "float_value": "DOUBLE", "double_value": "DOUBLE"}}]'
    )
    value = (
        "coalesce(to_json(p.value.string_value), to_json(p.value.int_value),"
        " to_json(p.value.double_value), to_json(p.value.float_value))"
    )
    entries = (
        f"list_transform(try_cast(json_transform(try_cast({as_json} AS JSON), '{shape}')"
        f" AS STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, int_value BIGINT,"
        " float_value DOUBLE, double_value DOUBLE))[]),"
        f" lambda p: {{'k': p.key, 'v': {value}}})"
    )
    return f"coalesce(to_json(map_from_entries({entries}))::VARCHAR, '{{}}')"


def context_sql(parts: dict[str, dict[str, str]]) -> str:
    """A nested JSON object text from {object: {key: SQL}}; objects without keys are left out."""
    entries = [
        f"{_literal(name)}, json_object("
        + ", ".join(f"{_literal(key)}, {sql}" for key, sql in keys.items())
        + ")"
        for name, keys in parts.items()
        if keys
    ]
    return f"json_object({', '.join(entries)})::VARCHAR" if entries else "NULL"
