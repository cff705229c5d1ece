"""The paths inside `stage_metrics` (`analytics/stage_pass.py`): persons whose stages' time spans
meet or overlap go through the window pass, the others are read off the per-person pivot; channel
counts from bit sets or, with too many channels, from a separate aggregate; flags over several
masks; events bound beforehand. Each is checked against the plain-Python oracle."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from journeymap.analytics import stage_pass
from journeymap.analytics.bind import bind_events
from journeymap.analytics.stages import stage_metrics
from tests.analytics.conftest import MakeEvents, ToRecords
from tests.analytics.stage_oracle import assert_same_metrics, reference_stage_metrics
from tests.analytics.test_stages_property import JOURNEY

T0 = dt.datetime(2024, 3, 1, 9, 0)


def log(person: str | None, steps: list[tuple[int, str, str | None]]) -> list[dict[str, Any]]:
    return [
        {
            "message_id": f"{person}-{i:02d}",
            "person_id": person,
            "event": event,
            "timestamp": T0 + dt.timedelta(seconds=second),
            "channel": channel,
        }
        for i, (second, event, channel) in enumerate(steps)
    ]


ROWS = [
    # calm: Look 0-5, Buy 10-12, Use 20 (open); spans apart, so no window
    *log("calm", [(0, "L", "web"), (5, "P", "app"), (10, "C", "web"), (12, "K", None)]),
    *log("calm", [(20, "H", "web")]),
    # back: Look, Buy, Look again, Buy again: spans overlap
    *log("back", [(0, "L", "web"), (3, "C", "web"), (6, "L", "app"), (9, "C", "app")]),
    # touch: Look ends and Buy starts in the same second: spans meet, so the message ids
    # order them in the window pass
    *log("touch", [(0, "L", "web"), (5, "L", "web"), (5, "C", "web"), (8, "H", None)]),
    # skip: reaches Use before Buy
    *log("skip", [(0, "L", "app"), (4, "H", "app"), (9, "C", "app")]),
    # no person id at all: one person, crossing
    *log(None, [(0, "C", "web"), (2, "L", "web"), (4, "C", "web")]),
]
CROSSING = {"back": True, "touch": True, "calm": False, "skip": False, None: True}


def test_calm_and_crossing_persons_match_the_oracle(
    make_events: MakeEvents, to_records: ToRecords
) -> None:
    events = make_events(ROWS)
    got = stage_metrics(events, JOURNEY).as_dict()
    assert_same_metrics(got, reference_stage_metrics(ROWS, JOURNEY))
    codes = stage_pass.stage_codes(events, JOURNEY)
    pivot = stage_pass.person_pivot(stage_pass.coded_stage_events(events, JOURNEY, codes), codes)
    assert {row["pid"]: row["crossing"] for row in to_records(pivot)} == CROSSING


@pytest.mark.parametrize(("channels", "bits"), [(0, 62), (64, 2), (0, 2)])
def test_channels_counted_apart_and_flags_over_several_masks(
    make_events: MakeEvents, monkeypatch: pytest.MonkeyPatch, channels: int, bits: int
) -> None:
    monkeypatch.setattr(stage_pass, "MAX_CHANNELS", channels)
    monkeypatch.setattr(stage_pass, "_BITS", bits)
    events = make_events(ROWS)
    codes = stage_pass.stage_codes(events, JOURNEY)
    assert codes.channels == ([] if channels == 0 else ["app", "web"])
    assert codes.words == -(-codes.flags // bits)
    got = stage_metrics(events, JOURNEY).as_dict()
    assert_same_metrics(got, reference_stage_metrics(ROWS, JOURNEY))
    assert got["stages"][0]["channels"] == {"web": 4, "app": 3}


@pytest.mark.parametrize("engine", ["duckdb"], indirect=True)
def test_events_bound_beforehand_give_the_same_metrics(make_events: MakeEvents) -> None:
    events = make_events(ROWS)
    bound = bind_events(events, JOURNEY)
    assert stage_metrics(bound, JOURNEY) == stage_metrics(events, JOURNEY)
