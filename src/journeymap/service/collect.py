"""Check and normalize collected events (Segment HTTP tracking API shape) into spool lines.

A batch keeps its good events and quarantines the bad ones with a reason (the loader writes them
to the `quarantine` table); a single-event call with a bad event is refused by the caller.

A problem has a stable English `code` and `field` for SDKs and scripts, an English `message` (the
quarantine reason, stored and grouped by scripts like every quarantine reason) and `text()`, the
same message in the current language (the API's request language) for the person who reads it.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from journeymap.i18n import N_, gettext

MAX_EVENT_BYTES: Final = 32 * 1024
MAX_BATCH_BYTES: Final = 500 * 1024
TYPES: Final = ("track", "identify", "page", "screen", "alias", "group")
QUARANTINE_MARK: Final = "_jm_quarantine"
"""Key of a spool line that holds a refused event (`{"_jm_quarantine": reason, "raw": text}`)."""


PROBLEM_MESSAGES: Final[Mapping[str, str]] = {
    "not_an_object": N_("each event must be a JSON object"),
    "invalid_type": N_("type must be one of {types}"),
    "invalid_id": N_("{key} must be a string"),
    "missing_identity": N_("give userId or anonymousId"),
    "missing_event_name": N_("a track call needs the event name in `event`"),
    "missing_previous_id": N_("an alias call needs previousId"),
    "invalid_object": N_("{key} must be a JSON object"),
    "event_too_large": N_("an event may have at most {limit} bytes"),
}
"""The message of each problem code, with `{placeholders}` filled from `Problem.params`."""


@dataclass(frozen=True)
class Problem:
    """What is wrong with one event: the field (a JSON path), a code and how to fix it."""

    field: str
    code: str
    """A key of `PROBLEM_MESSAGES`; stable, for SDKs and scripts."""
    params: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        """The message in English (the quarantine reason)."""
        return PROBLEM_MESSAGES[self.code].format(**dict(self.params))

    def text(self) -> str:
        """The message in the current language, for a person."""
        return gettext(PROBLEM_MESSAGES[self.code], **dict(self.params))


@dataclass
class Prepared:
    lines: list[bytes] = field(default_factory=list)
    accepted: int = 0
    quarantined: list[Problem] = field(default_factory=list)


def check_event(event: Any, where: str) -> Problem | None:
    """The first problem of one event, or None."""
    if not isinstance(event, dict):
        return Problem(field=where, code="not_an_object")
    kind = event.get("type")
    if kind not in TYPES:
        types = (("types", ", ".join(TYPES)),)
        return Problem(field=f"{where}.type", code="invalid_type", params=types)
    for key in ("userId", "anonymousId", "previousId", "messageId", "groupId"):
        value = event.get(key)
        if value is not None and (not isinstance(value, str | int) or isinstance(value, bool)):
            return Problem(field=f"{where}.{key}", code="invalid_id", params=(("key", key),))
    if not event.get("userId") and not event.get("anonymousId"):
        return Problem(field=f"{where}.userId", code="missing_identity")
    if kind == "track" and (not isinstance(event.get("event"), str) or not event["event"]):
        return Problem(field=f"{where}.event", code="missing_event_name")
    if kind == "alias" and not event.get("previousId"):
        return Problem(field=f"{where}.previousId", code="missing_previous_id")
    for key in ("properties", "traits", "context"):
        if event.get(key) is not None and not isinstance(event[key], dict):
            return Problem(field=f"{where}.{key}", code="invalid_object", params=(("key", key),))
    return None


# Seeded from os.urandom once per process, and again in a forked child so that two workers
# never share a sequence. Message ids must be unique, not secret (hence no `secrets`).
_ids = random.Random()  # noqa: S311
os.register_at_fork(after_in_child=_ids.seed)


def new_message_id() -> str:
    """A random (version 4) UUID for an event sent without a messageId.

    Not `uuid.uuid4()`: it calls `os.urandom`, which releases the GIL, and the event loop then
    waits up to a switch interval (5 ms) to take it back from the loader thread: with a
    hundred events per batch that stalled every request of the process (benchmarks/RESULTS.md,
    "Recommendation latency under collection load"). A message id must be unique, not secret.
    """
    return str(uuid.UUID(int=_ids.getrandbits(128), version=4))


def normalize(
    event: dict[str, Any], *, received_at: str, store_ip: bool, defaults: dict[str, Any]
) -> bytes:
    """The event as one spool line: a messageId, receivedAt, and no IP unless configured."""
    for key, value in defaults.items():
        if key == "context" and isinstance(value, dict):
            event["context"] = {**value, **(event.get("context") or {})}
        else:
            event.setdefault(key, value)
    if "messageId" not in event:
        event["messageId"] = new_message_id()
    event["receivedAt"] = received_at
    context = event.get("context")
    if not store_ip and isinstance(context, dict):
        context.pop("ip", None)
    event.pop("writeKey", None)
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


def prepare_batch(
    events: list[Any],
    *,
    received_at: str,
    store_ip: bool,
    defaults: dict[str, Any] | None = None,
    where: str = "batch",
) -> Prepared:
    """Spool lines for a batch: good events normalized, bad ones marked for quarantine."""
    prepared = Prepared()
    for index, event in enumerate(events):
        place = f"{where}[{index}]"
        problem = check_event(event, place)
        if problem is None:
            line = normalize(
                event, received_at=received_at, store_ip=store_ip, defaults=defaults or {}
            )
            if len(line) > MAX_EVENT_BYTES:
                limit = (("limit", str(MAX_EVENT_BYTES)),)
                problem = Problem(field=place, code="event_too_large", params=limit)
            else:
                prepared.lines.append(line)
                prepared.accepted += 1
                continue
        prepared.quarantined.append(problem)
        raw = json.dumps(event, ensure_ascii=False, default=str)[:MAX_EVENT_BYTES]
        reason = f"{problem.field}: {problem.message}"
        mark = {QUARANTINE_MARK: reason, "raw": raw}
        prepared.lines.append(json.dumps(mark, ensure_ascii=False).encode() + b"\n")
    return prepared
