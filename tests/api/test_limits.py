"""Rate limit and CORS, as configured in `[serve]`."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from journeymap.api.app import create_app
from journeymap.api.auth import RateLimiter
from journeymap.model.serve_config import ServeSettings
from journeymap.service.keys import KeyRing
from journeymap.service.settings import ServiceSettings


def test_token_bucket_allows_the_burst_then_refuses() -> None:
    limiter = RateLimiter(rate=0.001, burst=3)
    assert [limiter.allow("k") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("other")
    assert all(RateLimiter(0, 1).allow("k") for _ in range(10))  # 0 switches it off


def test_rate_limit_and_cors_from_settings(tmp_path: Path) -> None:
    settings = ServiceSettings(
        store_url="duckdb://:memory:",
        spool=tmp_path / "spool",
        keys=tmp_path / "keys.json",
        serve=ServeSettings(rate_limit=0.001, rate_burst=2, cors_origins=["https://a.example"]),
    )
    key = KeyRing(settings.keys).create("write")[1]
    body = {"userId": "u", "event": "E"}
    with TestClient(create_app(settings)) as client:
        codes = [client.post("/v1/track", json=body, auth=(key, "")).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        preflight = client.options(
            "/v1/track",
            headers={"Origin": "https://a.example", "Access-Control-Request-Method": "POST"},
        )
        assert preflight.headers["access-control-allow-origin"] == "https://a.example"


def test_write_key_in_a_single_call_body(tmp_path: Path) -> None:
    settings = ServiceSettings(
        "duckdb://:memory:", tmp_path / "spool", tmp_path / "keys.json", ServeSettings()
    )
    key = KeyRing(settings.keys).create("write")[1]
    with TestClient(create_app(settings)) as client:
        response = client.post("/v1/identify", json={"userId": "u", "writeKey": key})
        assert response.json() == {"success": True}
        assert b"writeKey" not in b"".join(p.read_bytes() for p in settings.spool.glob("*"))
