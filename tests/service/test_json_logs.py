"""Structured logs: one JSON object per line, extra fields kept."""

from __future__ import annotations

import json
import logging

from journeymap.service.json_logs import JsonFormatter, log_config


def test_a_record_is_one_json_line_with_its_extra_fields() -> None:
    record = logging.LogRecord("journeymap.api", logging.INFO, "x.py", 1, "request", (), None)
    record.status = 200
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert (data["level"], data["logger"], data["message"], data["status"]) == (
        "info",
        "journeymap.api",
        "request",
        200,
    )
    assert "\n" not in line
    assert "journeymap" in log_config()["loggers"]
