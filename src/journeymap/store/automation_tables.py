"""The tables of automation runs (`journeymap.orchestrate`): where each person is in each
chain with her timer, every send with its idempotency key, suppressions and the event cursor."""

from __future__ import annotations

from typing import Final

import ibis
import ibis.expr.schema as sch

AUTOMATION_STATES_SCHEMA: Final[sch.Schema] = ibis.schema(
    {
        "chain_id": "string",
        "person_id": "string",
        "entries": "int64",  # how many times the person entered the chain (1 on the first)
        "grp": "string",  # treatment | holdout | global-holdout
        "status": "string",  # active | done | exited | held
        "step": "int64",  # index of the step to run next (active)
        "wake_at": "timestamp",  # the durable timer: run again at this UTC time (NULL: none)
        "waiting": "boolean",  # the step is a wait for an event (wake_at is its timeout)
        "context": "string",  # JSON: properties of the entry event
        "entered_at": "timestamp",
        "updated_at": "timestamp",
        "converted_at": "timestamp",  # the goal event within the window (NULL: not yet)
        "exit_reason": "string",
    }
)

AUTOMATION_SENDS_SCHEMA: Final[sch.Schema] = ibis.schema(
    {
        "send_key": "string",  # idempotency key: chain, person, entry and step
        "chain_id": "string",
        "person_id": "string",
        "entries": "int64",
        "step_id": "string",
        "message_id": "string",
        "channel": "string",
        "transactional": "boolean",
        "status": "string",  # intent | sent | skipped | quarantined | failed
        "reason": "string",
        "attempts": "int64",  # channel errors so far (retried with backoff, then failed)
        "created_at": "timestamp",
        "sent_at": "timestamp",
    }
)

AUTOMATION_SUPPRESSIONS_SCHEMA: Final[sch.Schema] = ibis.schema(
    {"person_id": "string", "channel": "string", "at": "timestamp", "reason": "string"}
)
"""Unsubscribes seen in events; channel `*` is every channel."""

AUTOMATION_CURSOR_SCHEMA: Final[sch.Schema] = ibis.schema({"name": "string", "seq": "int64"})
"""The last `events.seq` the runner has processed."""

AUTOMATION_TABLES: Final[dict[str, sch.Schema]] = {
    "automation_states": AUTOMATION_STATES_SCHEMA,
    "automation_sends": AUTOMATION_SENDS_SCHEMA,
    "automation_suppressions": AUTOMATION_SUPPRESSIONS_SCHEMA,
    "automation_cursor": AUTOMATION_CURSOR_SCHEMA,
}
