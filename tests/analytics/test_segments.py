from __future__ import annotations

import datetime as dt
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from scipy import stats

from journeymap.analytics.segmentation import SegmentBy, segment_persons
from journeymap.analytics.segments import compare_segments
from journeymap.analytics.stats import benjamini_hochberg, two_proportion_z
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model.binding import Binding
from tests.analytics.conftest import MakeEvents, ToRecords, events_frame
from tests.conftest import dataset

T = dt.datetime(2024, 5, 1)


def at(minutes: float) -> dt.datetime:
    return T + dt.timedelta(minutes=minutes)


PEOPLE = [
    {"person_id": "a", "event": "Page Viewed", "channel": "email", "timestamp": at(0),
     "properties": {"utm": "spring"}},
    {"person_id": "a", "type": "identify", "timestamp": at(1), "traits": {"plan": "free"}},
    {"person_id": "a", "type": "identify", "timestamp": at(5), "traits": {"plan": "pro"}},
    {"person_id": "a", "event": "Order Completed", "channel": "web", "timestamp": at(10)},
    {"person_id": "b", "event": "Page Viewed", "channel": "web", "timestamp": at(0),
     "properties": {"utm": "autumn"}},
    {"person_id": "b", "event": "Page Viewed", "channel": "email", "timestamp": at(1),
     "properties": {"utm": "spring"}},
    {"person_id": "c", "event": "Page Viewed", "channel": "web", "timestamp": at(2)},
    {"person_id": "c", "event": "Order Completed", "channel": "web", "timestamp": at(32)},
]  # fmt: skip


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("trait:plan", {"a": "pro", "b": "(none)", "c": "(none)"}),
        ("property:utm", {"a": "spring", "b": "autumn", "c": "(none)"}),
        ("channel", {"a": "email", "b": "web", "c": "web"}),
    ],
)
def test_segment_persons(
    make_events: MakeEvents, to_records: ToRecords, spec: str, expected: dict[str, str]
) -> None:
    rows = to_records(segment_persons(make_events(PEOPLE), SegmentBy.parse(spec)))
    assert {r["person"]: r["segment"] for r in rows} == expected


def test_rule_segments_take_the_first_matching_rule(make_events: MakeEvents) -> None:
    rules = [
        ("buyers", Binding(event="Order Completed")),
        ("email", Binding(channel="email")),
    ]
    rows = segment_persons(make_events(PEOPLE), SegmentBy("rule", rules=rules))
    got = {r["person"]: r["segment"] for r in rows.to_pyarrow().to_pylist()}
    assert got == {"a": "buyers", "b": "email", "c": "buyers"}
    with pytest.raises(ValueError, match="trait:KEY"):
        SegmentBy.parse("nonsense")


def test_compare_segments_by_first_channel(make_events: MakeEvents) -> None:
    result = compare_segments(make_events(PEOPLE), SegmentBy.parse("channel"), "Order Completed")
    rows = {r.segment: r for r in result.rows}
    assert (rows["email"].persons, rows["email"].converted) == (1, 1)
    assert (rows["web"].persons, rows["web"].converted) == (2, 1)
    assert rows["email"].median_seconds == 600.0
    assert rows["web"].median_seconds == 1800.0
    z, p = two_proportion_z(1, 1, 1, 2)
    assert (rows["email"].z, rows["email"].p_conversion) == pytest.approx((z, p))
    durations = stats.mannwhitneyu([600.0], [1800.0], method="asymptotic")
    assert rows["email"].p_duration == pytest.approx(durations.pvalue)


def shoppers_events(real_data: Path) -> tuple[pd.DataFrame, ibis.Table]:
    raw = pd.read_csv(dataset(real_data, "uci-online-shoppers", "online_shoppers_intention.csv"),
                      sep=";")  # fmt: skip
    assert len(raw) == 12330
    raw["duration"] = raw.ProductRelated_Duration.round().astype(int)
    start = pd.Timestamp("2024-01-01")
    sessions = pd.DataFrame(
        {
            "person_id": [f"s{i}" for i in range(len(raw))],
            "event": "Session Started",
            "timestamp": start,
            "channel": [f"traffic-{t}" for t in raw.TrafficType],
            "traits": [f'{{"visitor_type": "{v}"}}' for v in raw.VisitorType],
        }
    )
    bought = raw[raw.Revenue]
    purchases = pd.DataFrame(
        {
            "person_id": [f"s{i}" for i in bought.index],
            "event": "Order Completed",
            "timestamp": start + pd.to_timedelta(bought.duration, unit="s"),
            "channel": None,  # so the session's channel is the first touch even at duration 0
            "traits": "{}",
        }
    )
    frame = events_frame(pd.concat([sessions, purchases], ignore_index=True))
    arrow = pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False)
    return raw, ibis.duckdb.connect().create_table("events", arrow)


@pytest.mark.data
def test_online_shoppers_segments_match_pandas_and_scipy(real_data: Path) -> None:
    raw, events = shoppers_events(real_data)
    for spec, column in [("trait:visitor_type", "VisitorType"), ("channel", "TrafficType")]:
        result = compare_segments(events, SegmentBy.parse(spec), "Order Completed",
                                  start_event="Session Started")  # fmt: skip
        labels = raw[column].astype(str)
        if column == "TrafficType":
            labels = "traffic-" + labels
        p_values: list[float] = []
        for row in result.rows:
            inside = labels == row.segment
            x1, n1 = int(raw.Revenue[inside].sum()), int(inside.sum())
            x2, n2 = int(raw.Revenue[~inside].sum()), int((~inside).sum())
            assert (row.persons, row.converted) == (n1, x1)
            if x1 + x2 and n1 and n2 and x1 + x2 < n1 + n2:
                _, p, _, _ = stats.chi2_contingency([[x1, n1 - x1], [x2, n2 - x2]],
                                                    correction=False)  # fmt: skip
                assert row.p_conversion == pytest.approx(p, rel=1e-6, abs=1e-12)
            mine = raw.duration[inside & raw.Revenue]
            rest = raw.duration[~inside & raw.Revenue]
            if len(mine) and len(rest):
                expected = stats.mannwhitneyu(mine, rest, method="asymptotic")
                assert row.p_duration == pytest.approx(expected.pvalue, rel=1e-6, abs=1e-12)
                assert row.median_seconds == pytest.approx(float(np.median(mine)))
            p_values.append(row.p_conversion)
        q = benjamini_hochberg(p_values + [r.p_duration for r in result.rows])
        assert [r.q_conversion for r in result.rows] == pytest.approx(q[: len(result.rows)])
    visitor = compare_segments(events, SegmentBy.parse("trait:visitor_type"), "Order Completed")
    new = next(r for r in visitor.rows if r.segment == "New_Visitor")
    assert new.conversion > new.conversion_rest
    assert new.significant_conversion
