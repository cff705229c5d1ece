"""Events sent without a messageId get a random UUID; a given one is kept as it is."""

from __future__ import annotations

import uuid

from journeymap.service.collect import prepare_batch


def _ids(events: list[dict[str, object]]) -> list[str]:
    import json

    lines = prepare_batch(events, received_at="2026-01-01T00:00:00Z", store_ip=False).lines
    return [json.loads(line)["messageId"] for line in lines]


def test_missing_message_ids_are_distinct_version_4_uuids() -> None:
    ids = _ids([{"type": "track", "userId": "u", "event": "E"} for _ in range(200)])
    assert len(set(ids)) == 200
    assert {uuid.UUID(i).version for i in ids} == {4}


def test_a_given_message_id_is_kept() -> None:
    assert _ids([{"type": "track", "userId": "u", "event": "E", "messageId": "m-1"}]) == ["m-1"]
