"""A read-API workspace (seed shop maps and catalog, a few customers' events and profiles) and
the app served by uvicorn on a loopback port in a thread of the test process."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from journeymap.api.app import create_app
from journeymap.events.ingest import ingest
from journeymap.model import load_map
from journeymap.model.serve_config import ServeSettings
from journeymap.personalize.profile_build import ProfileInputs
from journeymap.personalize.profile_store import update_profiles
from journeymap.service.keys import KeyRing
from journeymap.service.settings import ServiceSettings
from journeymap.store import Store
from tests.e2e.server import free_port

SEED_SHOP = Path(__file__).resolve().parents[2] / "examples" / "seed-shop"
ITEMS = ("tomato-siberian-early", "tomato-black-prince", "cucumber-kustovoy")
JOURNEY_EVENTS = ("Product List Viewed", "Product Viewed", "Product Added", "Order Completed")


def _events() -> list[dict[str, Any]]:
    """Customer u{n} walks the first n+1 steps of the shop, viewing items in turn."""
    rows = []
    for person in range(6):
        for step, name in enumerate(JOURNEY_EVENTS[: person % 4 + 1]):
            rows.append(
                {
                    "messageId": f"m{person}-{step}",
                    "type": "track",
                    "userId": f"u{person}",
                    "event": name,
                    "properties": {"product_id": ITEMS[(person + step) % len(ITEMS)]},
                    "timestamp": f"2026-03-{person + 1:02d}T10:{step:02d}:00Z",
                }
            )
    return rows


def make_settings(root: Path) -> ServiceSettings:
    shutil.copytree(SEED_SHOP / "maps", root / "maps")
    shutil.copytree(SEED_SHOP / "content", root / "content")
    (root / "maps" / "broken.yaml").write_text("journeymap: 1\nid: broken\n", encoding="utf-8")
    settings = ServiceSettings(
        store_url=f"duckdb://{root / 'store.duckdb'}",
        spool=root / "spool",
        keys=root / "keys.json",
        serve=ServeSettings(spool_max_seconds=60),
        maps=root / "maps",
        content=root / "content",
    )
    events = root / "events.jsonl"
    events.write_text("".join(json.dumps(r) + "\n" for r in _events()), encoding="utf-8")
    journey = load_map(root / "maps" / "seed-shop.en.yaml")
    with Store.open(settings.store_url) as store:
        ingest(store, [events])
        update_profiles(store, ProfileInputs(journey=journey, persons=store.table("persons")))
    return settings


@dataclass
class ReadApi:
    url: str
    settings: ServiceSettings
    keys: dict[str, str]

    def get(self, path: str, key: str = "read", **options: Any) -> httpx.Response:
        return httpx.get(self.url + path, auth=(self.keys[key], ""), timeout=60, **options)


@contextmanager
def serving(settings: ServiceSettings) -> Iterator[ReadApi]:
    ring = KeyRing(settings.keys)
    keys = {kind: ring.create(kind)[1] for kind in ("write", "read", "admin")}
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, warm=True), host="127.0.0.1", port=port, log_config=None
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield ReadApi(f"http://127.0.0.1:{port}", settings, keys)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
