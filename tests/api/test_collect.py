"""The Segment HTTP tracking API: auth, shapes, limits, quarantine, durable acknowledgement."""

from __future__ import annotations

import gzip
import json

import pytest

from journeymap.service.loader import Loader
from journeymap.service.spool import pending_bytes
from journeymap.store import Store
from tests.api.conftest import Api

TRACK = {"userId": "u1", "event": "Signed Up", "properties": {"plan": "pro"}}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/track", TRACK),
        ("/v1/identify", {"userId": "u1", "anonymousId": "a1", "traits": {"name": "A"}}),
        ("/v1/page", {"anonymousId": "a1", "name": "Home"}),
        ("/v1/screen", {"userId": "u1", "name": "Cart"}),
        ("/v1/alias", {"userId": "u1", "previousId": "a0"}),
        ("/v1/group", {"userId": "u1", "groupId": "g1"}),
    ],
)
def test_every_call_type_is_accepted_with_basic_auth(
    api: Api, path: str, body: dict[str, object]
) -> None:
    response = api.client.post(path, json=body, auth=(api.write, ""))
    assert response.status_code == 200, response.text
    assert response.json() == {"success": True}
    assert pending_bytes(api.settings.spool) > 0  # on disk before the 200


def test_write_key_in_the_body_and_gzip_and_b_alias(api: Api) -> None:
    body = {"writeKey": api.write, "batch": [{**TRACK, "type": "track"}]}
    response = api.client.post(
        "/v1/b",
        content=gzip.compress(json.dumps(body).encode()),
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.json() == {"success": True, "accepted": 1, "quarantined": 0}


@pytest.mark.parametrize("kind", ["read", "admin", None, "jmw_bad_key"])
def test_collection_refuses_other_keys(api: Api, kind: str | None) -> None:
    key = {"read": api.read, "admin": api.admin}.get(kind or "", kind)
    auth = (key, "") if key else None
    response = api.client.post("/v1/track", json=TRACK, auth=auth)
    assert response.status_code == (403 if kind in ("read", "admin") else 401)
    assert response.json()["field"] == "Authorization"
    assert pending_bytes(api.settings.spool) == 0


def test_bad_single_event_names_the_field(api: Api) -> None:
    response = api.client.post("/v1/track", json={"userId": "u1"}, auth=(api.write, ""))
    assert response.status_code == 400
    assert response.json()["field"] == "body.event"
    response = api.client.post("/v1/track", content=b"{nope", auth=(api.write, ""))
    assert (response.status_code, response.json()["code"]) == (400, "invalid_json")


def test_size_limits_give_413(api: Api) -> None:
    big = {**TRACK, "properties": {"x": "y" * 40_000}}
    assert api.client.post("/v1/track", json=big, auth=(api.write, "")).status_code == 413
    batch = {"batch": [{**TRACK, "type": "track", "properties": {"x": "y" * 20_000}}] * 30}
    response = api.client.post("/v1/batch", json=batch, auth=(api.write, ""))
    assert response.status_code == 413
    assert "at most" in response.json()["message"]


def test_a_batch_quarantines_bad_events_and_keeps_good_ones(api: Api) -> None:
    batch = {
        "context": {"ip": "1.2.3.4", "locale": "en"},
        "batch": [
            {**TRACK, "type": "track", "messageId": "ok1"},
            {"type": "track", "userId": "u2"},
            {**TRACK, "type": "track", "messageId": "ok2"},
        ],
    }
    response = api.client.post("/v1/batch", json=batch, auth=(api.write, ""))
    body = response.json()
    assert (body["accepted"], body["quarantined"]) == (2, 1)
    assert body["problems"][0]["field"] == "batch[1].event"
    api.client.app.state.service.spool.close()  # type: ignore[attr-defined]
    with Store.open(api.settings.store_url) as store:
        Loader(store.url, api.settings.spool).run_once(store)
        rows = store.duckdb.execute("SELECT message_id, context FROM events ORDER BY 1").fetchall()
        assert [r[0] for r in rows] == ["ok1", "ok2"]
        assert all("1.2.3.4" not in r[1] and '"locale"' in r[1] for r in rows)
        assert store.duckdb.execute("SELECT count(*) FROM quarantine").fetchone() == (1,)


def test_health_is_open_metrics_need_a_read_key(api: Api) -> None:
    assert api.client.get("/health").json() == {"status": "ok"}
    assert api.client.get("/metrics").status_code == 401
    assert api.client.get("/metrics", auth=(api.write, "")).status_code == 403
    api.client.post("/v1/track", json=TRACK, auth=(api.write, ""))
    text = api.client.get("/metrics", auth=(api.read, "")).text
    assert "journeymap_events_accepted_total 1" in text
    assert 'journeymap_request_seconds_bucket{le="+Inf"}' in text
