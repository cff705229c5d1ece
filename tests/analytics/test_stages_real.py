"""Stage metrics on real process logs, each checked against the plain-Python oracle.

BPI Challenge 2012 with the example loan map, Helpdesk and Receipt (per channel) with maps
built here from the logs' activities. Real logs bring what small tests miss: thousands of
persons, many simultaneous events, long loops of rework.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from journeymap.analytics.stages import stage_metrics
from journeymap.model import load_map
from journeymap.model.journey import JourneyMap
from tests.analytics.conftest import MakeEvents
from tests.analytics.stage_oracle import assert_same_metrics, reference_stage_metrics
from tests.analytics.test_real_logs import read_xes, receipt_events, to_events
from tests.conftest import dataset

pytestmark = [pytest.mark.data, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
HELPDESK_STAGES = {
    "intake": ["Insert ticket", "Assign seriousness"],
    "work": [
        "Take in charge ticket",
        "Wait",
        "Require upgrade",
        "Create SW anomaly",
        "Resolve SW anomaly",
        "Schedule intervention",
    ],
    "resolution": ["Resolve ticket"],
    "closed": ["Closed", "VERIFIED", "RESOLVED", "INVALID", "DUPLICATE"],
}
RECEIPT_STAGES = {
    "receipt": ["Confirmation of receipt"],
    "check": [
        "T02 Check confirmation of receipt",
        "T03 Adjust confirmation of receipt",
        "T04 Determine confirmation of receipt",
    ],
    "send": ["T05 Print and send confirmation of receipt"],
    "advice": [
        "T06 Determine necessity of stop advice",
        "T10 Determine necessity to stop indication",
    ],
}


@pytest.fixture(params=["duckdb"])
def engine(request: pytest.FixtureRequest) -> Any:
    import ibis

    return ibis.duckdb.connect()


def journey_of(stages: dict[str, list[str]]) -> JourneyMap:
    """One touchpoint per activity, bound by its name."""

    def slug(name: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")

    return JourneyMap.model_validate(
        {
            "id": "log",
            "title": "Log",
            "stages": [
                {"id": s, "name": s.title(), "touchpoints": [slug(a) for a in activities]}
                for s, activities in stages.items()
            ],
            "touchpoints": [
                {"id": slug(a), "name": a, "bindings": [{"event": a}]}
                for activities in stages.values()
                for a in activities
            ],
        }
    )


def check(make_events: MakeEvents, events: pd.DataFrame, journey: JourneyMap) -> dict[str, Any]:
    got = stage_metrics(make_events(events), journey).as_dict()
    rows = events.to_dict(orient="records")
    assert_same_metrics(got, reference_stage_metrics(rows, journey))
    return got


def test_bpi2012_loan_map(real_data: Path, make_events: MakeEvents) -> None:
    events = to_events(read_xes(dataset(real_data, "pm4py-eventlogs", "bpic2012.xes.gz")))
    got = check(make_events, events, load_map(REPO / "examples/bpi-loan/maps/loan.en.yaml"))
    application = got["stages"][0]
    assert application["persons"] == 13087  # every application
    assert any(s["re_entries"] > 0 for s in got["stages"])


def test_helpdesk(real_data: Path, make_events: MakeEvents) -> None:
    events = to_events(read_xes(dataset(real_data, "pm4py-eventlogs", "helpdesk.xes.gz")))
    got = check(make_events, events, journey_of(HELPDESK_STAGES))
    assert got["persons_first_stage"] > 4000
    assert got["stages"][1]["median_seconds"] is not None


def test_receipt_per_channel(real_data: Path, make_events: MakeEvents) -> None:
    events = receipt_events(real_data)
    journey = journey_of(RECEIPT_STAGES)
    for channel in ("Internet", "Desk", "Post", "e-mail"):
        mine = events[events["channel"] == channel].reset_index(drop=True)
        got = check(make_events, mine, journey)
        assert got["stages"][0]["channels"] == {channel: got["stages"][0]["persons"]}
