"""`grouped_stage_metrics`: each group's numbers from the one grouped pass equal `stage_metrics`
over the events of the group's persons alone, on both engines; a person may be in several
groups, a group without stage events gets zeros, events without a person id are in no group."""

from __future__ import annotations

from typing import Any

import ibis
import pandas as pd
import pytest

from journeymap.analytics import stage_pass
from journeymap.analytics.stages import grouped_stage_metrics, stage_metrics
from tests.analytics.conftest import MakeEvents
from tests.analytics.test_stage_pass import ROWS
from tests.analytics.test_stages_property import JOURNEY

GROUPS = {
    "calm-and-back": ["calm", "back"],
    "crossing": ["back", "touch", "skip"],  # `back` is in several groups
    "named": ["calm", "back", "touch", "skip"],
    "nobody-staged": ["ghost"],
}


def _groups() -> ibis.Table:
    rows = [{"person": p, "group": g} for g, persons in GROUPS.items() for p in persons]
    return ibis.memtable(pd.DataFrame(rows))


def _only(persons: list[str]) -> list[dict[str, Any]]:
    return [row for row in ROWS if row["person_id"] in persons]


@pytest.mark.parametrize(("channels", "bits"), [(64, 62), (0, 2)])
def test_each_group_equals_stage_metrics_of_its_persons(
    make_events: MakeEvents, monkeypatch: pytest.MonkeyPatch, channels: int, bits: int
) -> None:
    monkeypatch.setattr(stage_pass, "MAX_CHANNELS", channels)  # 0: channels counted apart
    monkeypatch.setattr(stage_pass, "_BITS", bits)
    events = make_events(ROWS)
    names = [*GROUPS, "unlisted"]
    got = grouped_stage_metrics(events, JOURNEY, _groups(), names)
    assert got.everyone == stage_metrics(events, JOURNEY)
    for name in ("calm-and-back", "crossing", "named"):
        alone = stage_metrics(make_events(_only(GROUPS[name])), JOURNEY)
        assert got.groups[name] == alone, name
    for name in ("nobody-staged", "unlisted"):
        empty = got.groups[name]
        assert empty.persons_first_stage == 0
        assert [row.persons for row in empty.stages] == [0] * len(JOURNEY.stages)
        assert empty.overall_conversion is None
    # the events without a person id are one person for everyone's numbers, in no group
    assert got.groups["named"].persons_first_stage == got.everyone.persons_first_stage - 1


def test_time_quantiles_equal_the_reports_time_in_stage(make_events: MakeEvents) -> None:
    from journeymap.analytics.stages import staged_events
    from journeymap.report.measures import time_in_stage

    events = make_events(ROWS)
    got = grouped_stage_metrics(events, JOURNEY).time_quantiles
    assert got
    assert got == time_in_stage(staged_events(events, JOURNEY))
