"""A short schemathesis run over the read endpoints (maps, analytics, profiles,
recommendations) of a workspace with data: no 5xx, responses as documented."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from journeymap.api.app import create_app
from journeymap.service.keys import KeyRing
from tests.api.read_server import make_settings

READ_PATHS = r"^/v1/(maps|analytics|profiles|recommendations|next-best-action)"


def _schema() -> tuple[schemathesis.BaseSchema, str]:
    root = Path(tempfile.mkdtemp(prefix="jm-read-fuzz-"))
    settings_ = make_settings(root)
    key = KeyRing(settings_.keys).create("read")[1]
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings_))
    # the coverage phase tries every boundary of every parameter: minutes on the analytics
    schema.config.phases.coverage.enabled = False
    return schema.include(path_regex=READ_PATHS), key


SCHEMA, KEY = _schema()


@SCHEMA.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_read_endpoints_have_no_server_errors(case: schemathesis.Case) -> None:
    checks = [not_a_server_error, response_schema_conformance]
    case.call_and_validate(auth=(KEY, ""), checks=checks)
