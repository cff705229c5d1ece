"""The `events` table: Segment-spec shaped rows, the same on every engine.

Timestamps are stored as naive UTC (`timestamp` without zone) because DuckDB and Spark agree on
that type; importers convert every zone to UTC first. `properties`, `context` and `traits` hold
JSON text, so any Ibis backend can store them; analytics parse what they need.
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
    }
)

EVENT_COLUMNS: Final = tuple(EVENTS_SCHEMA.names)
