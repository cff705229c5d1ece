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

from journeymap.analytics.stage_visits import person_stages, stage_visits
from journeymap.analytics.stages import stage_metrics, staged_events
from journeymap.model import load_map
from journeymap.model.journey import JourneyMap
from journeymap.report.flows import first_entries
from tests.analytics.conftest import MakeEvents, ToRecords
from tests.analytics.stage_oracle import assert_same_metrics, event_tags, reference_stage_metrics
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


def pandas_stage_history(events: pd.DataFrame, journey: JourneyMap) -> pd.DataFrame:
    """Per person and stage, with pandas alone: `step` (order of first entry) and `micros`
    (time in the stage: the sum of her finished stays, NaN without one), with events ordered by
    full-precision time, then their place in the file."""
    stage_of = {name: stage for name, (_, stage) in event_tags(journey).items()}
    staged = events[events["event"].isin(stage_of)].assign(
        stage=lambda f: f["event"].map(stage_of), place=lambda f: f.index
    )
    staged = staged.sort_values(["person_id", "timestamp", "place"], kind="mergesort")
    firsts = staged.drop_duplicates(["person_id", "stage"]).copy()
    firsts["step"] = firsts.groupby("person_id").cumcount()
    person = staged["person_id"]
    starts = staged[(staged["stage"] != staged["stage"].shift()) | (person != person.shift())]
    following = starts.groupby("person_id")["timestamp"].shift(-1)
    starts = starts.assign(micros=(following - starts["timestamp"]) // pd.Timedelta(1, "us"))
    spent = starts.groupby(["person_id", "stage"])["micros"].sum(min_count=1)
    return firsts.set_index(["person_id", "stage"])[["step"]].join(spent)


def test_bpi2012_entry_order_and_time_in_stage_at_full_precision(
    real_data: Path, make_events: MakeEvents, to_records: ToRecords
) -> None:
    """BPI 2012 has millisecond timestamps: stage entry order and each person's time in each
    stage equal an independent pandas computation, to the microsecond."""
    events = to_events(read_xes(dataset(real_data, "pm4py-eventlogs", "bpic2012.xes.gz")))
    assert (events["timestamp"].dt.microsecond != 0).mean() > 0.9  # milliseconds, really
    journey = load_map(REPO / "examples/bpi-loan/maps/loan.en.yaml")
    expected = pandas_stage_history(events, journey)
    staged = staged_events(make_events(events), journey)
    steps = {(r["person"], r["stage"]): r["step"] for r in to_records(first_entries(staged))}
    assert steps == expected["step"].to_dict()
    seconds = {
        (r["person"], r["stage"]): r["seconds"]
        for r in to_records(person_stages(stage_visits(staged)))
    }
    want = {
        key: None if pd.isna(micros) else round(micros / 1_000_000, 6)
        for key, micros in expected["micros"].items()
    }
    assert seconds == want
    # the fractions matter: whole seconds would change thousands of these times
    fractional = [v for v in want.values() if v is not None and v != int(v)]
    assert len(fractional) > 1000


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
