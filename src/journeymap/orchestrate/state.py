"""The runner's durable state in the store (DuckDB): one row per person and chain with its
timer, one row per send with its idempotency key, suppressions, and the event cursor.

Every function commits on its own (DuckDB autocommit), so whatever the runner wrote before a
crash is there after it: a restart reads the timers and resumes every waiting person.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from journeymap.i18n import gettext as _
from journeymap.store import Store
from journeymap.store.errors import StoreError


def chain_scope(chain_id: str) -> str:
    """The suppression scope of one chain (an unsubscribe from its list), beside channels and
    `*` (everything) in `automation_suppressions.channel`."""
    return f"chain:{chain_id}"


def naive(moment: datetime) -> datetime:
    """UTC without the zone, as the store keeps timestamps."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


@dataclass
class PersonState:
    chain_id: str
    person_id: str
    entries: int
    grp: str
    status: str
    step: int
    wake_at: datetime | None
    waiting: bool
    context: dict[str, Any]
    entered_at: datetime
    converted_at: datetime | None = None
    exit_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.status == "active"


_STATE_COLUMNS = (
    "chain_id, person_id, entries, grp, status, step, wake_at, waiting, context, entered_at, "
    "converted_at, exit_reason"
)


def _row_state(row: tuple[Any, ...]) -> PersonState:
    return PersonState(
        chain_id=row[0],
        person_id=row[1],
        entries=int(row[2]),
        grp=row[3],
        status=row[4],
        step=int(row[5]),
        wake_at=aware(row[6]),
        waiting=bool(row[7]),
        context=json.loads(row[8]) if row[8] else {},
        entered_at=aware(row[9]) or datetime.now(UTC),
        converted_at=aware(row[10]),
        exit_reason=row[11],
    )


class StateStore:
    """Reads and writes the automation tables of a DuckDB store."""

    def __init__(self, store: Store) -> None:
        if store.engine != "duckdb":
            raise StoreError(_("automations run on a DuckDB store"))
        self.db = store.duckdb

    def get(self, chain_id: str, person_id: str) -> PersonState | None:
        row = self.db.execute(
            f"SELECT {_STATE_COLUMNS} FROM automation_states WHERE chain_id = ? AND person_id = ?",  # noqa: S608 - our column list
            [chain_id, person_id],
        ).fetchone()
        return _row_state(row) if row else None

    def of_person(self, person_id: str) -> list[PersonState]:
        rows = self.db.execute(
            f"SELECT {_STATE_COLUMNS} FROM automation_states WHERE person_id = ?",  # noqa: S608 - our column list
            [person_id],
        ).fetchall()
        return [_row_state(row) for row in rows]

    def put(self, state: PersonState, now: datetime) -> None:
        """Insert or replace the row of the state's person and chain (one transaction)."""
        values = [
            state.chain_id,
            state.person_id,
            state.entries,
            state.grp,
            state.status,
            state.step,
            naive(state.wake_at) if state.wake_at else None,
            state.waiting,
            json.dumps(state.context, ensure_ascii=False, default=str),
            naive(state.entered_at),
            naive(now),
            naive(state.converted_at) if state.converted_at else None,
            state.exit_reason,
        ]
        self.db.execute("BEGIN TRANSACTION")
        try:
            self.db.execute(
                "DELETE FROM automation_states WHERE chain_id = ? AND person_id = ?",
                [state.chain_id, state.person_id],
            )
            self.db.execute(
                "INSERT INTO automation_states (chain_id, person_id, entries, grp, status, step, "
                "wake_at, waiting, context, entered_at, updated_at, converted_at, exit_reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
            self.db.execute("COMMIT")
        except Exception:
            self.db.execute("ROLLBACK")
            raise

    def due(self, now: datetime) -> list[PersonState]:
        """Every active person whose timer has come, earliest first; a person with no timer
        (a crash cut her steps short) is due at once."""
        rows = self.db.execute(
            f"SELECT {_STATE_COLUMNS} FROM automation_states WHERE status = 'active' "  # noqa: S608 - our column list
            "AND (wake_at IS NULL OR wake_at <= ?) "
            "ORDER BY wake_at NULLS FIRST, chain_id, person_id",
            [naive(now)],
        ).fetchall()
        return [_row_state(row) for row in rows]

    def active(self) -> int:
        row = self.db.execute(
            "SELECT count(*) FROM automation_states WHERE status = 'active'"
        ).fetchone()
        return int(row[0]) if row else 0

    def next_wake(self) -> datetime | None:
        row = self.db.execute(
            "SELECT min(wake_at) FROM automation_states WHERE status = 'active'"
        ).fetchone()
        return aware(row[0]) if row else None

    # sends

    def send_status(self, key: str) -> str | None:
        row = self.db.execute(
            "SELECT status FROM automation_sends WHERE send_key = ?", [key]
        ).fetchone()
        return str(row[0]) if row else None

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
        """Insert the send row, or move an existing one to `status`."""
        sent_at = naive(now) if status == "sent" else None
        if self.send_status(key) is not None:
            self.db.execute(
                "UPDATE automation_sends SET status = ?, reason = ?, sent_at = ? "
                "WHERE send_key = ?",
                [status, reason, sent_at, key],
            )
            return
        self.db.execute(
            "INSERT INTO automation_sends VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            [
                key,
                state.chain_id,
                state.person_id,
                state.entries,
                step_id,
                message_id,
                channel,
                transactional,
                status,
                reason,
                naive(now),
                sent_at,
            ],
        )

    def attempt_failed(self, key: str, reason: str) -> int:
        """Count one more channel error of a send in doubt; returns the errors so far."""
        self.db.execute(
            "UPDATE automation_sends SET attempts = attempts + 1, reason = ? WHERE send_key = ?",
            [reason, key],
        )
        row = self.db.execute(
            "SELECT attempts FROM automation_sends WHERE send_key = ?", [key]
        ).fetchone()
        return int(row[0]) if row else 0

    def marketing_sends_since(self, person_id: str, since: datetime) -> int:
        """Non-transactional messages sent (or in doubt) to the person since `since`."""
        row = self.db.execute(
            "SELECT count(*) FROM automation_sends WHERE person_id = ? AND NOT transactional "
            "AND status IN ('intent', 'sent') AND created_at > ?",
            [person_id, naive(since)],
        ).fetchone()
        return int(row[0]) if row else 0

    # suppressions and cursor

    def suppress(self, person_id: str, channel: str, reason: str, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO automation_suppressions VALUES (?, ?, ?, ?)",
            [person_id, channel, naive(now), reason],
        )

    def suppressed(self, person_id: str, channel: str, chain_id: str | None = None) -> bool:
        """Whether the person unsubscribed from `channel`, from everything, or from the
        chain's list."""
        scope = chain_scope(chain_id) if chain_id else "*"
        row = self.db.execute(
            "SELECT count(*) FROM automation_suppressions WHERE person_id = ? "
            "AND channel IN (?, '*', ?)",
            [person_id, channel, scope],
        ).fetchone()
        return bool(row and row[0])

    def cursor(self, name: str) -> int:
        row = self.db.execute(
            "SELECT max(seq) FROM automation_cursor WHERE name = ?", [name]
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def set_cursor(self, name: str, seq: int) -> None:
        self.db.execute("DELETE FROM automation_cursor WHERE name = ?", [name])
        self.db.execute("INSERT INTO automation_cursor VALUES (?, ?)", [name, seq])

    def counts(self) -> list[tuple[str, str, str, int]]:
        """(chain, group, status, persons) for `automations status`."""
        rows = self.db.execute(
            "SELECT chain_id, grp, status, count(*) FROM automation_states "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        return [(str(a), str(b), str(c), int(d)) for a, b, c, d in rows]

    def send_counts(self) -> list[tuple[str, str, int]]:
        rows = self.db.execute(
            "SELECT chain_id, status, count(*) FROM automation_sends GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        return [(str(a), str(b), int(c)) for a, b, c in rows]

    def converted(self) -> list[tuple[str, str, int, int]]:
        """(chain, group, persons, converted)."""
        rows = self.db.execute(
            "SELECT chain_id, grp, count(*), count(converted_at) FROM automation_states "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        return [(str(a), str(b), int(c), int(d)) for a, b, c, d in rows]
