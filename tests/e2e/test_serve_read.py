"""`journeymap serve` answers reads from the store its own loader writes: events collected over
HTTP show in the analytics once loaded; profiles and recommendations come from the state built
at start-up."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.api.read_server import make_settings
from tests.e2e.server import Server, free_port, make_workspace, wait_for

pytestmark = pytest.mark.slow
TIMEOUT = 60  # the first analysis imports and compiles a lot on a busy machine


def test_reads_see_what_the_loader_committed(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)  # maps/, content/, store.duckdb with events and profiles
    keys = make_workspace(tmp_path)
    server = Server(tmp_path, free_port(), keys["read"]).start()
    read = (keys["read"], "")
    steps = {"steps": ["Product List Viewed", "Order Completed"]}
    try:
        before = httpx.get(
            server.url + "/v1/analytics/funnel", params=steps, auth=read, timeout=TIMEOUT
        ).json()
        assert [s["persons"] for s in before["steps"]] == [6, 1]
        batch = [
            {"type": "track", "userId": "new", "event": name, "messageId": f"new-{n}"}
            for n, name in enumerate(steps["steps"])
        ]
        posted = httpx.post(
            server.url + "/v1/batch", json={"batch": batch}, auth=(keys["write"], "")
        )
        assert posted.status_code == 200
        server.wait_loaded(len(batch))

        def counted() -> bool:
            now = httpx.get(
                server.url + "/v1/analytics/funnel", params=steps, auth=read, timeout=TIMEOUT
            ).json()
            return [s["persons"] for s in now["steps"]] == [7, 2]

        wait_for(counted, 30, "the funnel to count the collected events")
        profile = httpx.get(server.url + "/v1/profiles/u3", auth=read, timeout=TIMEOUT)
        recs = httpx.get(server.url + "/v1/recommendations/u1", auth=read, timeout=TIMEOUT).json()
        assert profile.status_code == 200
        assert recs["items"]
        assert recs["items"][0]["reason"]["text"]
        assert settings.maps is not None
        maps = httpx.get(server.url + "/v1/maps", auth=read, timeout=TIMEOUT).json()
        assert {m["name"] for m in maps} >= {"seed-shop.en", "seed-shop.ru"}
    finally:
        server.stop()
