"""Every table of the store and its columns, as Ibis schemas (the same on DuckDB and Spark)."""

from __future__ import annotations

from typing import Final

import ibis
import ibis.expr.schema as sch

from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.store.automation_tables import AUTOMATION_TABLES

PERSONS_SCHEMA: Final[sch.Schema] = ibis.schema(
    {
        "person_id": "string",
        "first_seen": "timestamp",
        "last_seen": "timestamp",
        "events": "int64",
        "traits": "string",  # JSON object, latest value of each trait wins
        "ids": "string",  # JSON array of every user id and anonymous id of the person
    }
)

IDENTITIES_SCHEMA: Final[sch.Schema] = ibis.schema(
    {"id": "string", "id_kind": "string", "person_id": "string"}  # id_kind: user | anonymous
)

IDENTITY_MERGES_SCHEMA: Final[sch.Schema] = ibis.schema(
    {
        "merged_at": "timestamp",
        "id": "string",
        "other_id": "string",
        "person_id": "string",  # the person both ids belong to after the merge
        "reason": "string",  # identify | alias | track (a row carrying both ids)
        "message_id": "string",  # the event that proved the link
    }
)

TRAIT_HISTORY_SCHEMA: Final[sch.Schema] = ibis.schema(
    {
        "person_id": "string",
        "trait": "string",
        "value": "string",  # JSON value
        "timestamp": "timestamp",
        "message_id": "string",
    }
)

QUARANTINE_SCHEMA: Final[sch.Schema] = ibis.schema(
    {
        "quarantine_id": "string",  # hash of source-independent content, so re-runs add nothing
        "source": "string",
        "row_number": "int64",  # 1-based record number in the file (line for JSONL)
        "raw": "string",
        "reason": "string",
        "quarantined_at": "timestamp",
        "import_id": "string",
    }
)

IMPORTS_SCHEMA: Final[sch.Schema] = ibis.schema(
    {
        "import_id": "string",
        "file": "string",
        "format": "string",
        "source": "string",
        "checksum": "string",  # sha256 of the file bytes
        "rows_read": "int64",
        "rows_stored": "int64",
        "rows_duplicate": "int64",
        "rows_quarantined": "int64",
        "started_at": "timestamp",
        "finished_at": "timestamp",
    }
)

SCHEMA_VERSION_SCHEMA: Final[sch.Schema] = ibis.schema(
    {"version": "int64", "description": "string", "applied_at": "timestamp"}
)

PROFILES_SCHEMA: Final[sch.Schema] = ibis.schema(
    {
        "person_id": "string",
        "map_id": "string",  # the map the stage columns refer to (NULL: computed without a map)
        "stage": "string",  # current stage id: the stage of the person's latest staged event
        "stage_since": "timestamp",  # start of the person's current stay in that stage
        "last_touchpoint": "string",
        "last_seen": "timestamp",
        "events": "int64",
        "stage_history": "string",  # JSON array, one object per stage reached, in time order
        "interests": "string",  # JSON object: top items and categories with decayed scores
        "traits": "string",  # JSON object, latest value of each identify trait
        "segment": "string",
        "recency_days": "float64",  # days from the last purchase to the run's as-of time
        "frequency": "int64",  # purchases
        "monetary": "float64",  # revenue of the purchases
        "r_score": "int64",  # quintile scores 1..5 among purchasers, NULL without purchases
        "f_score": "int64",
        "m_score": "int64",
        "preferred_channel": "string",
        "preferred_device": "string",
        "preferred_language": "string",
        "timezone": "string",
        "send_hours": "string",  # JSON object: channel -> best UTC hour, its source and evidence
        "watermark": "timestamp",  # latest received_at of the person's events when computed
        "computed_at": "timestamp",
    }
)

PROFILE_RUNS_SCHEMA: Final[sch.Schema] = ibis.schema(
    {
        "run_at": "timestamp",
        "map_id": "string",
        "mode": "string",  # full | update
        "watermark": "timestamp",  # latest received_at of the store's events the run saw
        "persons": "int64",  # profiles written by the run
    }
)

COSTS_SCHEMA: Final[sch.Schema] = ibis.schema(
    {
        "day": "date",
        "platform": "string",  # yandex-direct | vk-ads | google-ads | meta-ads
        "channel": "string",  # lower-case utm_source the platform's links carry
        "campaign": "string",
        "campaign_id": "string",
        "ad_group": "string",
        "source": "string",
        "medium": "string",
        "impressions": "float64",
        "clicks": "float64",
        "cost": "float64",
        "currency": "string",
        "import_id": "string",
    }
)
"""Ad spend per day x channel x campaign (x ad group); see docs/roi.md."""

TABLES: Final[dict[str, sch.Schema]] = {
    "events": EVENTS_SCHEMA,
    "persons": PERSONS_SCHEMA,
    "identities": IDENTITIES_SCHEMA,
    "identity_merges": IDENTITY_MERGES_SCHEMA,
    "trait_history": TRAIT_HISTORY_SCHEMA,
    "quarantine": QUARANTINE_SCHEMA,
    "imports": IMPORTS_SCHEMA,
    "profiles": PROFILES_SCHEMA,
    "profile_runs": PROFILE_RUNS_SCHEMA,
    "costs": COSTS_SCHEMA,
    "schema_version": SCHEMA_VERSION_SCHEMA,
    **AUTOMATION_TABLES,
}
