"""Profiles on real logs, checked against independent pandas computations.

CDNOW (23,570 customers, 69,659 purchases): RFM values and quintile scores, events and last
seen. BPI Challenge 2012 (13,087 loan applications) with the example loan map: current stage,
start of the current stay, and the stages reached with their number of stays.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from journeymap.model import load_map
from journeymap.model.journey import JourneyMap
from journeymap.personalize.profile_build import ProfileInputs, build_profiles
from tests.analytics.test_real_logs import read_xes, to_events
from tests.analytics.test_retention import cdnow_frame
from tests.conftest import dataset
from tests.personalize.conftest import duckdb_events

pytestmark = [pytest.mark.data, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


def _scores(values: pd.Series, ascending: bool) -> pd.Series:
    """1 + floor(5 * (purchasers with a strictly worse value) / purchasers)."""
    worse = values.rank(method="min", ascending=ascending) - 1
    return (1 + np.floor(5 * worse / len(values))).astype("int64")


def test_cdnow_rfm_matches_pandas(real_data: Path) -> None:
    frame = cdnow_frame(real_data)
    table = build_profiles(duckdb_events(frame)).to_pandas().set_index("person_id")
    assert len(table) == 23570
    as_of = frame.timestamp.max()
    revenue = frame.properties.map(lambda p: json.loads(p)["revenue"])
    grouped = frame.assign(revenue=revenue).groupby("person_id")
    expected = pd.DataFrame(
        {
            "frequency": grouped.size(),
            "monetary": grouped.revenue.sum().round(6),
            "recency_days": (as_of - grouped.timestamp.max()).dt.total_seconds() / 86400,
            "last_seen": grouped.timestamp.max(),
        }
    )
    expected["r_score"] = _scores(-expected.recency_days, ascending=True)
    expected["f_score"] = _scores(expected.frequency, ascending=True)
    expected["m_score"] = _scores(expected.monetary, ascending=True)
    got = table.loc[expected.index]
    assert (got.events == expected.frequency).all()
    assert (got.frequency == expected.frequency).all()
    assert np.allclose(got.monetary, expected.monetary, atol=1e-6)
    assert np.allclose(got.recency_days, expected.recency_days, atol=1e-6)
    assert (pd.to_datetime(got.last_seen) == expected.last_seen).all()
    for column in ("r_score", "f_score", "m_score"):
        assert (got[column] == expected[column]).all(), column
    # half of CDNOW's customers bought once: they share the lowest frequency score
    assert (got.f_score == 1).sum() == (expected.frequency == 1).sum() > 11000
    assert set(got.m_score) == {1, 2, 3, 4, 5}


def _stage_of(journey: JourneyMap) -> dict[str, str]:
    """Event name -> stage, read off the map by hand (every binding names one event)."""
    first_stage: dict[str, str] = {}
    for stage in journey.stages:
        for touchpoint in stage.touchpoints:
            first_stage.setdefault(touchpoint, stage.id)
    return {
        binding.event: first_stage[t.id]
        for t in journey.touchpoints
        for binding in t.bindings
        if t.id in first_stage and binding.event is not None
    }


def _expected_stages(events: pd.DataFrame, journey: JourneyMap) -> dict[str, dict[str, Any]]:
    staged = events.assign(stage=events.event.map(_stage_of(journey))).dropna(subset=["stage"])
    # stage analyses order by full-precision time, then the place in the file (`seq`)
    staged = staged.assign(place=staged.index)
    staged = staged.sort_values(["person_id", "timestamp", "place"], kind="mergesort")
    starts = staged[staged.stage != staged.groupby("person_id").stage.shift()]
    last = starts.groupby("person_id").last()
    stays = starts.groupby(["person_id", "stage"]).size()
    order = staged.drop_duplicates(["person_id", "stage"]).groupby("person_id").stage.agg(list)
    return {
        str(person): {
            "stage": last.stage[person],
            "stage_since": last.timestamp[person].to_pydatetime(),
            "stays": stays[person].to_dict(),
            "order": order[person],
        }
        for person in last.index
    }


def test_bpi2012_current_stage_matches_pandas(real_data: Path) -> None:
    events = to_events(read_xes(dataset(real_data, "pm4py-eventlogs", "bpic2012.xes.gz")))
    journey = load_map(REPO / "examples/bpi-loan/maps/loan.en.yaml")
    table = build_profiles(duckdb_events(events), ProfileInputs(journey=journey))
    got = {row["person_id"]: row for row in table.to_pylist()}
    expected = _expected_stages(events, journey)
    assert len(got) == 13087
    assert set(expected) <= set(got)
    for person, want in expected.items():
        row = got[person]
        history = json.loads(row["stage_history"])
        assert (row["stage"], row["stage_since"]) == (want["stage"], want["stage_since"]), person
        assert {h["stage"]: h["stays"] for h in history} == want["stays"], person
        assert [h["stage"] for h in history] == want["order"], person
    ends = {w["stage"] for w in expected.values()}
    assert ends == {s.id for s in journey.stages}  # applications end in every stage
