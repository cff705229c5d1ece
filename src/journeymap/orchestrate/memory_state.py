"""The runner's state held in memory, for simulations: the same reads and writes as
`StateStore`, without a database round trip per change (a simulated year of a chain is
thousands of them). Nothing here survives a crash; `save` writes the rows to a store at the
end, in the tables `StateStore` uses, so `automations status` and `effect` read them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from journeymap.orchestrate.state import PersonState, StateStore, chain_scope, naive
from journeymap.store import Store


@dataclass
class _Send:
    key: str
    chain_id: str
    person_id: str
    entries: int
    step_id: str
    message_id: str
    channel: str
    transactional: bool
    status: str
    reason: str | None
    attempts: int
    created_at: datetime
    sent_at: datetime | None


class MemoryStateStore(StateStore):
    def __init__(self) -> None:  # no database: every method below is overridden
        self.states: dict[tuple[str, str], tuple[PersonState, datetime]] = {}
        self.sends: dict[str, _Send] = {}
        self.suppressions: list[tuple[str, str, datetime, str]] = []
        self.cursors: dict[str, int] = {}

    def get(self, chain_id: str, person_id: str) -> PersonState | None:
        found = self.states.get((chain_id, person_id))
        return replace(found[0], context=dict(found[0].context)) if found else None

    def of_person(self, person_id: str) -> list[PersonState]:
        return [s for (_, person), (s, _) in self.states.items() if person == person_id]

    def put(self, state: PersonState, now: datetime) -> None:
        self.states[state.chain_id, state.person_id] = (replace(state), now)

    def due(self, now: datetime) -> list[PersonState]:
        due = [
            replace(s)
            for s, _ in self.states.values()
            if s.active and (s.wake_at is None or s.wake_at <= now)
        ]
        return sorted(
            due, key=lambda s: (s.wake_at is not None, s.wake_at or now, s.chain_id, s.person_id)
        )

    def active(self) -> int:
        return sum(1 for s, _ in self.states.values() if s.active)

    def next_wake(self) -> datetime | None:
        wakes = [s.wake_at for s, _ in self.states.values() if s.active and s.wake_at]
        return min(wakes, default=None)

    def send_status(self, key: str) -> str | None:
        send = self.sends.get(key)
        return send.status if send else None

    def record_send(
        self,
        key: str,
        state: PersonState,
        *,
        step_id: str,
        message_id: str,
        channel: str,
        transactional: bool,
        status: str,
        reason: str | None,
        now: datetime,
    ) -> None:
        sent_at = now if status == "sent" else None
        known = self.sends.get(key)
        if known is not None:
            known.status, known.reason, known.sent_at = status, reason, sent_at
            return
        self.sends[key] = _Send(
            key, state.chain_id, state.person_id, state.entries, step_id, message_id, channel,
            transactional, status, reason, 0, now, sent_at,
        )  # fmt: skip

    def attempt_failed(self, key: str, reason: str) -> int:
        send = self.sends[key]
        send.attempts += 1
        send.reason = reason
        return send.attempts

    def marketing_sends_since(self, person_id: str, since: datetime) -> int:
        return sum(
            1
            for s in self.sends.values()
            if s.person_id == person_id
            and not s.transactional
            and s.status in ("intent", "sent")
            and s.created_at > since
        )

    def suppress(self, person_id: str, channel: str, reason: str, now: datetime) -> None:
        self.suppressions.append((person_id, channel, now, reason))

    def suppressed(self, person_id: str, channel: str, chain_id: str | None = None) -> bool:
        scopes = (channel, "*", chain_scope(chain_id) if chain_id else "*")
        return any(p == person_id and c in scopes for p, c, _, _ in self.suppressions)

    def cursor(self, name: str) -> int:
        return self.cursors.get(name, 0)

    def set_cursor(self, name: str, seq: int) -> None:
        self.cursors[name] = seq

    def sent(self) -> list[_Send]:
        """The sends that went out, in the order they were recorded."""
        return [s for s in self.sends.values() if s.status == "sent"]

    def save(self, store: Store, chains: Sequence[str]) -> None:
        """Replace the records of `chains` in `store` with the ones held here."""
        states = [
            {
                "chain_id": s.chain_id, "person_id": s.person_id, "entries": s.entries,
                "grp": s.grp, "status": s.status, "step": s.step,
                "wake_at": _naive(s.wake_at), "waiting": s.waiting,
                "context": _json(s.context), "entered_at": naive(s.entered_at),
                "updated_at": naive(at), "converted_at": _naive(s.converted_at),
                "exit_reason": s.exit_reason,
            }
            for s, at in self.states.values()
        ]  # fmt: skip
        sends = [
            {
                "send_key": s.key, "chain_id": s.chain_id, "person_id": s.person_id,
                "entries": s.entries, "step_id": s.step_id, "message_id": s.message_id,
                "channel": s.channel, "transactional": s.transactional, "status": s.status,
                "reason": s.reason, "attempts": s.attempts, "created_at": naive(s.created_at),
                "sent_at": _naive(s.sent_at),
            }
            for s in self.sends.values()
        ]  # fmt: skip
        _replace(store, "automation_states", states, chains)
        _replace(store, "automation_sends", sends, chains)


def _naive(moment: datetime | None) -> datetime | None:
    return naive(moment) if moment is not None else None


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


def _replace(store: Store, table: str, rows: list[dict[str, Any]], chains: Sequence[str]) -> None:
    import pyarrow as pa

    from journeymap.store.automation_tables import AUTOMATION_TABLES

    schema = AUTOMATION_TABLES[table].to_pyarrow()
    data = pa.Table.from_pylist(rows, schema=schema)
    db = store.duckdb
    db.execute("BEGIN TRANSACTION")
    try:
        db.execute(f"DELETE FROM {table} WHERE chain_id IN (SELECT unnest(?))", [list(chains)])  # noqa: S608 - our table names
        db.register("_memory_rows", data)
        db.execute(f"INSERT INTO {table} SELECT * FROM _memory_rows")  # noqa: S608 - our table names
        db.execute("COMMIT")
    except Exception:
        db.execute("ROLLBACK")
        raise
    finally:
        db.unregister("_memory_rows")
