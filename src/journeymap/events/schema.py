"""The `events` table: Segment-spec shaped rows, the same on every engine.

Timestamps are stored as naive UTC (`timestamp` without zone) because DuckDB and Spark agree on
that type; importers convert every zone to UTC first. `properties`, `context` and `traits` hold
JSON text, so any Ibis backend can store them; analytics parse what they need.

`seq` is the event's place in the order of ingestion: numbered at ingestion in file order and
increasing across imports (a later import's events have larger numbers). It is the tie-breaker
after the timestamp in every analysis (`analytics/event_order.py`): two events of the same
microsecond keep the order in which the source file listed them.
"""

from __future__ import annotations

from typing import Final

import ibis
import ibis.expr.schema as sch

EVENT_TYPES: Final = ("track", "page", "screen", "identify", "alias", "group")

EVENTS_SCHEMA: Final[sch.Schema] = ibis.schema(
    {
        "message_id": "string",  # unique, the dedupe key
        "type": "string",  # track, page, screen, identify, alias, group
        "event": "string",  # event name for track; page/screen name otherwise
        "anonymous_id": "string",
        "user_id": "string",
        "person_id": "string",  # stitched identity
        "timestamp": "timestamp",  # when it happened, UTC
        "received_at": "timestamp",  # when journeymap stored it, UTC
        "channel": "string",  # web, mobile, email, sms, offline, crm, support, ...
        "properties": "string",  # JSON object
        "context": "string",  # JSON object: page, campaign/utm, device, locale
        "traits": "string",  # JSON object
        "source": "string",  # import file or API key it came from
        "seq": "int64",  # order of ingestion: file order, increasing across imports
    }
)

EVENT_COLUMNS: Final = tuple(EVENTS_SCHEMA.names)
SOURCE_ORDER: Final = "seq"
"""The column that keeps the order of ingestion (see the module docstring)."""
