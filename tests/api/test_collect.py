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
    russian = {"Accept-Language": "ru"}  # the answer is in Russian, the stored reason English
    response = api.client.post("/v1/batch", json=batch, auth=(api.write, ""), headers=russian)
    body = response.json()
    assert (body["accepted"], body["quarantined"]) == (2, 1)
    assert body["problems"][0]["field"] == "batch[1].event"
    assert body["problems"][0]["message"] == "вызову track нужно имя события в `event`"
    api.client.app.state.service.spool.close()  # type: ignore[attr-defined]
    with Store.open(api.settings.store_url) as store:
        Loader(store.url, api.settings.spool).run_once(store)
        rows = store.duckdb.execute("SELECT message_id, context FROM events ORDER BY 1").fetchall()
        assert [r[0] for r in rows] == ["ok1", "ok2"]
        assert all("1.2.3.4" not in r[1] and '"locale"' in r[1] for r in rows)
        reasons = store.duckdb.execute("SELECT reason FROM quarantine").fetchall()
        assert reasons == [("batch[1].event: a track call needs the event name in `event`",)]


def test_health_is_open_metrics_need_a_read_key(api: Api) -> None:
    assert api.client.get("/health").json() == {"status": "ok"}
    assert api.client.get("/metrics").status_code == 401
    assert api.client.get("/metrics", auth=(api.write, "")).status_code == 403
    api.client.post("/v1/track", json=TRACK, auth=(api.write, ""))
    text = api.client.get("/metrics", auth=(api.read, "")).text
    assert "journeymap_events_accepted_total 1" in text
    assert 'journeymap_request_seconds_bucket{le="+Inf"}' in text


BAD_BATCH = {
    "batch": [
        {**TRACK, "type": "track"},
        {"type": "track", "userId": "u2"},
        {"type": "purchase", "userId": "u3"},
        {"type": "identify", "userId": "u4", "traits": ["a"]},
        "not an event",
    ]
}


def test_event_problems_keep_their_codes_and_speak_the_request_s_language(api: Api) -> None:
    answers = {
        header: api.client.post(
            "/v1/batch", json=BAD_BATCH, auth=(api.write, ""), headers={"Accept-Language": header}
        ).json()
        for header in ("en-US,en;q=0.9", "ru-RU,ru;q=0.9,en;q=0.5")
    }
    english, russian = answers.values()
    expected = [
        ("batch[1].event", "missing_event_name"),
        ("batch[2].type", "invalid_type"),
        ("batch[3].traits", "invalid_object"),
        ("batch[4]", "not_an_object"),
    ]
    for body in (english, russian):
        assert (body["accepted"], body["quarantined"]) == (1, 4)
        assert [(p["field"], p["code"]) for p in body["problems"]] == expected
    assert [p["message"] for p in english["problems"]] == [
        "a track call needs the event name in `event`",
        "type must be one of track, identify, page, screen, alias, group",
        "traits must be a JSON object",
        "each event must be a JSON object",
    ]
    assert [p["message"] for p in russian["problems"]] == [
        "вызову track нужно имя события в `event`",
        "type должен быть одним из: track, identify, page, screen, alias, group",
        "traits должен быть JSON-объектом",
        "каждое событие должно быть JSON-объектом",
    ]


@pytest.mark.parametrize(
    ("headers", "path", "message"),
    [
        ({}, "/v1/track", "give userId or anonymousId"),
        ({"Accept-Language": "ru"}, "/v1/track", "укажите userId или anonymousId"),
        ({"Accept-Language": "ru"}, "/v1/track?lang=en", "give userId or anonymousId"),
    ],
)
def test_a_refused_single_event_names_its_problem_in_the_request_s_language(
    api: Api, headers: dict[str, str], path: str, message: str
) -> None:
    response = api.client.post(
        path, json={"event": "Signed Up"}, auth=(api.write, ""), headers=headers
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["problem"], body["field"]) == (
        "invalid_event",
        "missing_identity",
        "body.userId",
    )
    assert body["message"] == message


def test_body_errors_speak_the_request_s_language(api: Api) -> None:
    russian = {"Accept-Language": "ru"}
    broken = api.client.post("/v1/batch", content=b"{nope", auth=(api.write, ""), headers=russian)
    assert broken.json()["code"] == "invalid_json"
    assert broken.json()["message"].startswith("тело запроса — не корректный JSON")
    no_batch = api.client.post("/v1/batch", json={"x": 1}, auth=(api.write, ""), headers=russian)
    assert (no_batch.json()["code"], no_batch.json()["field"]) == ("invalid_batch", "batch")
    assert "`batch` — список событий" in no_batch.json()["message"]
