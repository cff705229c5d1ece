"""One number per fact on the report: events bound once, one repeat-purchase computation,
no barrier derived from a stage the bindings cannot measure."""

from __future__ import annotations

from typing import Any

import pytest

import journeymap.analytics.bind as bind_module
import journeymap.analytics.stage_pass as stage_pass_module
from journeymap.model import parse_map
from journeymap.report.build import build_report
from journeymap.store import Store
from tests.report.test_report_build import MAP
from tests.report.test_report_feedback import store as feedback_store

__all__ = ["feedback_store"]


def test_the_report_binds_events_to_the_map_once(
    feedback_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    original = bind_module.touchpoint_index

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(bind_module, "touchpoint_index", counting)
    monkeypatch.setattr(stage_pass_module, "touchpoint_index", counting)
    data = build_report(feedback_store, parse_map(MAP).model)
    assert data.feedback is not None  # survey answers were linked through the bound table
    assert data.kpis
    assert data.stages is not None
    assert len(calls) == 1
