"""The unsubscribe endpoint's JSON twin (Accept: application/json or `.json`), expiring tokens
and the rate limits per client address and per token (429 with Retry-After and a JSON body)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from journeymap.api.app import create_app
from journeymap.api.unsubscribe_limits import LIMITS_FILE, MinuteBuckets
from journeymap.model.serve_config import ServeSettings
from journeymap.orchestrate.unsubscribe import read_token, unsubscribe_token
from journeymap.service.settings import ServiceSettings
from tests.api.test_unsubscribe import CHAIN, ENV, SETTINGS
from tests.orchestrate.helpers import write_folder

JSON = {"Accept": "application/json"}


def _client(tmp_path: Path, serve: ServeSettings) -> TestClient:
    folder = write_folder(
        tmp_path / "automations", {"a.yaml": CHAIN.format(id="cart-reminder")}, SETTINGS
    )
    settings = ServiceSettings(
        store_url=f"duckdb://{tmp_path / 'store.duckdb'}",
        spool=tmp_path / "spool",
        keys=tmp_path / "keys.json",
        serve=serve,
    )
    return TestClient(create_app(replace(settings, automations=folder)))


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv(ENV, "a long random secret")
    with _client(tmp_path, ServeSettings(spool_max_seconds=60)) as opened:
        yield opened


def _spooled(root: Path) -> list[dict[str, object]]:
    return [
        json.loads(line)
        for path in sorted((root / "spool").rglob("*"))
        if path.is_file()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("{")
    ]


def test_the_json_twin_tells_the_status_and_records(client: TestClient, tmp_path: Path) -> None:
    token = unsubscribe_token("ann", "cart-reminder", ENV)
    for answer in (
        client.get("/unsubscribe", params={"token": token}, headers=JSON),
        client.get("/unsubscribe.json", params={"token": token}),
    ):
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/json")
        assert answer.json() == {
            "success": True,
            "status": "confirm",
            "list": "cart-reminder",
            "scopes": ["list", "all"],
            "expires_at": None,
        }
    assert "<form" in client.get("/unsubscribe", params={"token": token}).text  # the page
    done = client.post("/unsubscribe.json", json={"token": token, "scope": "all"})
    assert done.status_code == 200
    assert done.json() == {"success": True, "status": "unsubscribed", "scope": "all", "list": None}
    listed = client.post("/unsubscribe", data={"token": token, "scope": "list"}, headers=JSON)
    assert listed.json()["list"] == "cart-reminder"
    client.app.state.service.spool.close()  # type: ignore[attr-defined]
    events = [line for line in _spooled(tmp_path) if line.get("event") == "Unsubscribed"]
    assert len(events) == 2


def test_bad_and_expired_tokens_are_json_errors(client: TestClient) -> None:
    good = unsubscribe_token("ann", "cart-reminder", ENV)
    bad = good[:-1] + ("A" if good[-1] != "A" else "B")
    refused = client.get("/unsubscribe.json", params={"token": bad})
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid_token"
    assert refused.json()["field"] == "token"
    assert client.post("/unsubscribe.json", json={"token": bad}).status_code == 400
    assert client.post("/unsubscribe", json={"token": ""}, headers=JSON).status_code == 400

    past = datetime.now(UTC) - timedelta(days=1)
    expired = unsubscribe_token("ann", "cart-reminder", ENV, expires_at=past)
    gone = client.get("/unsubscribe.json", params={"token": expired})
    assert gone.status_code == 410
    assert gone.json()["code"] == "expired_token"
    assert client.post("/unsubscribe.json", json={"token": expired}).status_code == 410
    page = client.get("/unsubscribe", params={"token": expired, "lang": "ru"})
    assert page.status_code == 410
    assert "истёк" in page.text
    future = datetime.now(UTC) + timedelta(days=40)
    valid = unsubscribe_token("ann", "cart-reminder", ENV, expires_at=future)
    found = read_token(valid, ENV)
    assert found is not None
    assert found.expires_at == datetime.fromtimestamp(int(future.timestamp()), UTC)
    answer = client.get("/unsubscribe.json", params={"token": valid}).json()
    assert answer["expires_at"] == found.expires_at.isoformat()


def test_rate_limits_per_address_and_per_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "a long random secret")
    serve = ServeSettings(
        spool_max_seconds=60,
        unsubscribe_per_ip=4,
        unsubscribe_per_token=2,
        unsubscribe_trust_forwarded=True,
    )
    tokens = [unsubscribe_token(f"p{i}", "cart-reminder", ENV) for i in range(6)]
    with _client(tmp_path, serve) as client:
        same = [
            client.get("/unsubscribe.json", params={"token": tokens[0]}, headers=_from("1.1.1.1"))
            for _ in range(3)
        ]
        assert [r.status_code for r in same] == [200, 200, 429]  # the token's limit
        limited = same[-1]
        assert int(limited.headers["Retry-After"]) == 30  # 2 a minute: one back in 30 s
        assert limited.json()["code"] == "rate_limited"
        assert limited.json()["retry_after"] == 30
        # another address, other tokens: the address 2.2.2.2 gets 4, then 429 (even as HTML)
        answers = [
            client.get("/unsubscribe", params={"token": token}, headers=_from("2.2.2.2"))
            for token in tokens[1:6]
        ]
        assert [r.status_code for r in answers] == [200, 200, 200, 200, 429]
        assert answers[-1].headers["content-type"].startswith("application/json")
        assert "Retry-After" in answers[-1].headers
        fresh = client.get("/unsubscribe", params={"token": tokens[5]}, headers=_from("3.3.3.3"))
        assert fresh.status_code == 200  # other addresses are not held up


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": f"{address}, 10.0.0.1"}


def test_buckets_refill_over_a_minute() -> None:
    now = [0.0]
    buckets = MinuteBuckets(6, clock=lambda: now[0])
    assert [buckets.take("a") for _ in range(6)] == [0.0] * 6
    assert buckets.take("a") == pytest.approx(10.0)  # 6 a minute: one every 10 s
    now[0] = 10.0
    assert buckets.take("a") == 0.0
    assert buckets.take("b") == 0.0  # keys are apart
    assert MinuteBuckets(0).take("a") == 0.0  # 0: no limit


def test_the_runner_writes_expiring_links_when_the_settings_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.store import Store
    from tests.orchestrate.helpers import START, event, load, make_runner, outbox_lines

    monkeypatch.setenv(ENV, "a long random secret")
    settings = SETTINGS + "unsubscribe_token_days: 45\n"
    folder = write_folder(
        tmp_path / "automations", {"a.yaml": CHAIN.format(id="cart-reminder")}, settings
    )
    with Store.open("duckdb://:memory:") as store:
        profiles = {"ann": {"traits": {"email": "ann@example.com"}}}
        runner, _clock = make_runner(store, load(folder), tmp_path / "outbox.jsonl", profiles)
        runner.feed([event("ann", "Cart Abandoned", START)])
    (line,) = outbox_lines(tmp_path / "outbox.jsonl")
    found = read_token(line["unsubscribe_url"].split("token=")[1], ENV)
    assert found is not None
    assert found.expires_at == START + timedelta(days=45)


def test_two_app_instances_share_the_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers (two apps, as two processes would build them) count in the same buckets."""
    monkeypatch.setenv(ENV, "a long random secret")
    serve = ServeSettings(
        spool_max_seconds=60, unsubscribe_per_ip=3, unsubscribe_trust_forwarded=True
    )
    tokens = [unsubscribe_token(f"p{i}", "cart-reminder", ENV) for i in range(4)]
    with _client(tmp_path, serve) as first, _client(tmp_path, serve) as second:
        clients = (first, second, first, second)
        answers = [
            client.get("/unsubscribe.json", params={"token": t}, headers=_from("1.1.1.1"))
            for client, t in zip(clients, tokens, strict=True)
        ]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]  # 3 in all, not 3 each
    assert (tmp_path / LIMITS_FILE).is_file()


def test_shared_buckets_expire_and_stay_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import journeymap.api.unsubscribe_limits as limits

    monkeypatch.setattr(limits, "MAX_KEYS", 5)
    monkeypatch.setattr(limits, "PRUNE_EVERY", 1)  # the idle rows go at every take
    now = [1000.0]
    path = tmp_path / LIMITS_FILE
    one = MinuteBuckets(6, clock=lambda: now[0], path=path, name="ip")
    other = MinuteBuckets(6, clock=lambda: now[0], path=path, name="ip")  # another process
    assert [one.take("a") for _ in range(3)] + [other.take("a") for _ in range(3)] == [0.0] * 6
    assert other.take("a") == pytest.approx(10.0)
    for n in range(8):
        one.take(f"k{n}")
    assert one.size() <= 5  # bounded: the longest unused went first
    now[0] += 60  # a minute idle: every bucket is full again, the same as none
    one.take("fresh")
    assert one.size() == 1
    one.close()
    other.close()
