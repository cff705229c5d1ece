"""An app over a temporary spool and key file (no loader: the tests run it by hand)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from journeymap.api.app import create_app
from journeymap.model.serve_config import ServeSettings
from journeymap.service.keys import KeyRing
from journeymap.service.settings import ServiceSettings


@dataclass
class Api:
    client: TestClient
    settings: ServiceSettings
    write: str
    read: str
    admin: str


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    settings = ServiceSettings(
        store_url=f"duckdb://{tmp_path / 'store.duckdb'}",
        spool=tmp_path / "spool",
        keys=tmp_path / "keys.json",
        serve=ServeSettings(spool_max_seconds=60),
    )
    ring = KeyRing(settings.keys)
    keys = {kind: ring.create(kind)[1] for kind in ("write", "read", "admin")}
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield Api(client, settings, keys["write"], keys["read"], keys["admin"])
