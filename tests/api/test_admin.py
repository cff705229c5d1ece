"""Admin endpoints: keys and privacy requests need an admin key; privacy runs in the loader."""

from __future__ import annotations

import pytest

from journeymap.service.loader import Loader
from journeymap.store import Store
from tests.api.conftest import Api


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/v1/keys"), ("post", "/v1/privacy/delete"), ("get", "/v1/privacy/requests/x")],
)
def test_only_admin_keys_manage(api: Api, method: str, path: str) -> None:
    for key in (api.write, api.read):
        response = api.client.request(method, path, json={"person": "p"}, auth=(key, ""))
        assert response.status_code == 403, response.text


def test_keys_created_and_revoked_through_the_api(api: Api) -> None:
    created = api.client.post("/v1/keys", json={"kind": "write"}, auth=(api.admin, "")).json()
    track = {"userId": "u1", "event": "E"}
    assert api.client.post("/v1/track", json=track, auth=(created["key"], "")).status_code == 200
    api.client.delete(f"/v1/keys/{created['id']}", auth=(api.admin, ""))
    assert api.client.post("/v1/track", json=track, auth=(created["key"], "")).status_code == 401
    listed = api.client.get("/v1/keys", auth=(api.admin, "")).json()
    assert all("hash" not in k and "key" not in k for k in listed)


def test_privacy_delete_is_queued_after_the_events(api: Api) -> None:
    track = {"userId": "u1", "event": "E", "messageId": "m1"}
    api.client.post("/v1/track", json=track, auth=(api.write, ""))  # still in an open file
    admin = (api.admin, "")
    export_id = api.client.post("/v1/privacy/export", json={"person": "u1"}, auth=admin).json()
    delete_id = api.client.post("/v1/privacy/delete", json={"person": "u1"}, auth=admin).json()
    status = api.client.get(delete_id["status"], auth=admin).json()
    assert status == {"status": "pending"}
    with Store.open(api.settings.store_url) as store:
        Loader(store.url, api.settings.spool).run_once(store)
        assert api.client.get(delete_id["status"], auth=admin).json() == {"status": "pending"}
        api.client.app.state.service.spool.close()  # type: ignore[attr-defined]
        Loader(store.url, api.settings.spool).run_once(store)
        assert store.duckdb.execute("SELECT count(*) FROM events").fetchone() == (0,)
    exported = api.client.get(export_id["status"], auth=admin).json()
    assert [e["message_id"] for e in exported["data"]["tables"]["events"]] == ["m1"]
    assert api.client.get(export_id["status"], auth=admin).status_code == 404  # handed over once
    assert api.client.get(delete_id["status"], auth=admin).json()["deleted"]["events"] == 1
    assert api.client.get("/v1/privacy/requests/nope", auth=admin).status_code == 404
