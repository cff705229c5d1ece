"""A short schemathesis run against the OpenAPI: no 5xx, responses as documented."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from journeymap.api.app import create_app
from journeymap.model.serve_config import ServeSettings
from journeymap.service.keys import KeyRing
from journeymap.service.loader import Loader
from journeymap.service.settings import ServiceSettings


def _schema() -> tuple[schemathesis.BaseSchema, dict[str, str], Loader]:
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="jm-fuzz-"))
    settings_ = ServiceSettings(
        store_url=f"duckdb://{root / 'store.duckdb'}",
        spool=root / "spool",
        keys=root / "keys.json",
        serve=ServeSettings(),
    )
    admin = KeyRing(settings_.keys).create("admin")[1]
    write = KeyRing(settings_.keys).create("write")[1]
    app = create_app(settings_)
    loader = Loader(settings_.store_url, settings_.spool)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return schema, {"admin": admin, "write": write}, loader


SCHEMA, KEYS, LOADER = _schema()


@SCHEMA.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_no_server_errors(case: schemathesis.Case) -> None:
    LOADER.save_state()  # a live loader's heartbeat, so /ready answers 200
    admin = "privacy" in case.path or "keys" in case.path or not case.path.startswith("/v1/")
    key = KEYS["admin"] if admin else KEYS["write"]
    checks = [not_a_server_error, response_schema_conformance]
    case.call_and_validate(auth=(key, ""), checks=checks)
