"""The official Segment and RudderStack SDKs against `journeymap serve`: every call type arrives,
stitched, as if the same events were imported from a file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import rudderstack.analytics as rudder_analytics
import segment.analytics as segment_analytics

from journeymap.events.ingest import ingest_file
from journeymap.store import Store
from tests.e2e.server import Server, free_port, make_workspace

pytestmark = pytest.mark.slow
WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _drive(client: Any, prefix: str) -> list[dict[str, Any]]:
    """Every call type through an SDK client; returns the same events as a Segment file."""
    anon, user = f"{prefix}-anon", f"{prefix}-user"
    calls: list[dict[str, Any]] = []

    def at(seconds: int) -> datetime:
        return WHEN.replace(second=seconds)

    client.page(anonymous_id=anon, name="Home", timestamp=at(1), message_id=f"{prefix}1")
    calls.append({"type": "page", "anonymousId": anon, "name": "Home", "messageId": f"{prefix}1"})
    client.track(anonymous_id=anon, event="Product Viewed", properties={"sku": "A"},
                 timestamp=at(2), message_id=f"{prefix}2")  # fmt: skip
    calls.append({"type": "track", "anonymousId": anon, "event": "Product Viewed",
                  "properties": {"sku": "A"}, "messageId": f"{prefix}2"})  # fmt: skip
    client.identify(user_id=user, anonymous_id=anon, traits={"plan": "pro"}, timestamp=at(3),
                    message_id=f"{prefix}3")  # fmt: skip
    calls.append({"type": "identify", "userId": user, "anonymousId": anon,
                  "traits": {"plan": "pro"}, "messageId": f"{prefix}3"})  # fmt: skip
    client.screen(user_id=user, name="Cart", timestamp=at(4), message_id=f"{prefix}4")
    calls.append({"type": "screen", "userId": user, "name": "Cart", "messageId": f"{prefix}4"})
    client.group(user_id=user, group_id="acme", timestamp=at(5), message_id=f"{prefix}5")
    calls.append({"type": "group", "userId": user, "groupId": "acme", "messageId": f"{prefix}5"})
    client.alias(previous_id=f"{prefix}-old", user_id=user, timestamp=at(6),
                 message_id=f"{prefix}6")  # fmt: skip
    calls.append({"type": "alias", "previousId": f"{prefix}-old", "userId": user,
                  "messageId": f"{prefix}6"})  # fmt: skip
    client.track(user_id=user, event="Order Completed", timestamp=at(7), message_id=f"{prefix}7")
    calls.append({"type": "track", "userId": user, "event": "Order Completed",
                  "messageId": f"{prefix}7"})  # fmt: skip
    client.flush()
    for number, call in enumerate(calls, start=1):
        call["timestamp"] = at(number).isoformat()
    return calls


def _summary(store: Store) -> tuple[list[tuple[Any, ...]], list[list[str]]]:
    rows = store.duckdb.execute(
        "SELECT message_id, type, event, user_id, anonymous_id, timestamp FROM events ORDER BY 1"
    ).fetchall()
    groups = store.duckdb.execute(
        "SELECT list(id ORDER BY id) FROM identities GROUP BY person_id ORDER BY 1"
    ).fetchall()
    return rows, [g[0] for g in groups]


def test_segment_and_rudderstack_sdks_arrive_stitched(tmp_path: Path) -> None:
    keys = make_workspace(tmp_path)
    server = Server(tmp_path, free_port(), keys["read"]).start()
    try:
        segment = segment_analytics.Client(keys["write"], host=server.url, sync_mode=True)
        rudder = rudder_analytics.Client(keys["write"], host=server.url, sync_mode=True)
        sent = _drive(segment, "s") + _drive(rudder, "r")
        server.wait_loaded(len(sent))
    finally:
        server.stop()
    file = tmp_path / "same.jsonl"
    file.write_text("\n".join(json.dumps(e) for e in sent) + "\n", encoding="utf-8")
    with Store.open(f"duckdb://{tmp_path / 'store.duckdb'}") as served:
        got = _summary(served)
    with Store.open(f"duckdb://{tmp_path / 'imported.duckdb'}") as imported:
        assert ingest_file(imported, file).ok
        expected = _summary(imported)
    assert len(got[0]) == len(sent)
    assert got == expected
    assert ["s-anon", "s-old", "s-user"] in got[1]  # the anonymous visit stitched to the user
