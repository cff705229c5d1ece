from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from journeymap.analytics.retention import (
    data_through,
    repeat_purchase,
    retention,
    retention_matrix,
)
from journeymap.events.schema import EVENTS_SCHEMA
from tests.analytics.conftest import MakeEvents, ToRecords, events_frame
from tests.conftest import dataset


def at(day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(2024, 1, 1, hour) + dt.timedelta(days=day)


EVENTS = [
    # cohort 2024-01-01 (Monday) by week: a, b; c starts the next week
    {"person_id": "a", "event": "Signed Up", "timestamp": at(0)},
    {"person_id": "a", "event": "Order Completed", "timestamp": at(0, 5)},
    {"person_id": "a", "event": "Order Completed", "timestamp": at(8)},
    {"person_id": "a", "event": "Order Completed", "timestamp": at(9)},
    {"person_id": "b", "event": "Signed Up", "timestamp": at(2)},
    {"person_id": "b", "event": "Order Completed", "timestamp": at(16)},
    {"person_id": "c", "event": "Signed Up", "timestamp": at(7)},
    {"person_id": "c", "event": "Signed Up", "timestamp": at(8)},
    {"person_id": "c", "event": "Order Completed", "timestamp": at(6)},  # before the start
    {"person_id": "d", "event": "Order Completed", "timestamp": at(3)},  # never started
]


def test_weekly_retention_triangle(make_events: MakeEvents, to_records: ToRecords) -> None:
    cells = to_records(retention(make_events(EVENTS), "Signed Up", "Order Completed", "week"))
    week0, week1 = dt.date(2024, 1, 1), dt.date(2024, 1, 8)
    assert [
        (c["cohort"], c["offset"], c["cohort_persons"], c["persons"], c["share"]) for c in cells
    ] == [
        (week0, 0, 2, 2, 1.0),
        (week0, 1, 2, 1, 0.5),
        (week0, 2, 2, 1, 0.5),
        (week1, 0, 1, 1, 1.0),
    ]
    assert retention_matrix(cells) == {"2024-01-01": [1.0, 0.5, 0.5], "2024-01-08": [1.0, 0.0, 0.0]}


def test_repeat_purchase(make_events: MakeEvents) -> None:
    result = repeat_purchase(make_events(EVENTS), "Order Completed")
    assert (result.customers, result.repeat_customers, result.purchases) == (4, 1, 6)
    assert result.repeat_rate == 0.25
    assert result.purchases_per_customer == {1: 3, 3: 1}
    gaps = [8 * 86400 - 5 * 3600, 86400]
    assert result.median_seconds_between == pytest.approx(float(np.median(gaps)))
    assert result.p90_seconds_between == pytest.approx(float(np.quantile(gaps, 0.9)))


def cdnow_frame(real_data: Path) -> pd.DataFrame:
    file = dataset(real_data, "cdnow", "CDNOW_master.txt")
    raw = pd.read_csv(file, sep=r"\s+", dtype={"customer_id": str, "date": str})
    assert len(raw) == 69659
    return pd.DataFrame(
        {
            "message_id": [f"cdnow-{i}" for i in range(len(raw))],
            "person_id": raw.customer_id,
            "event": "Order Completed",
            "timestamp": pd.to_datetime(raw.date, format="%Y%m%d"),
            "properties": [f'{{"revenue": {v}}}' for v in raw.dollar_value],
        }
    )


@pytest.fixture(scope="module")
def cdnow(real_data: Path) -> tuple[pd.DataFrame, Any]:
    frame = events_frame(cdnow_frame(real_data))
    arrow = pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False)
    return frame, ibis.duckdb.connect().create_table("events", arrow)


@pytest.mark.data
@pytest.mark.parametrize("period", ["week", "month"])
def test_cdnow_retention_matches_pandas(cdnow: tuple[pd.DataFrame, Any], period: str) -> None:
    frame, events = cdnow
    got = retention(events, "Order Completed", "Order Completed", period).to_pyarrow().to_pylist()
    freq = "W-SUN" if period == "week" else "M"
    first = frame.groupby("person_id").timestamp.min().rename("first_at")
    joined = frame.join(first, on="person_id")
    cohort = joined.first_at.dt.to_period(freq)
    offset = joined.timestamp.dt.to_period(freq).astype("int64") - cohort.astype("int64")
    joined = joined.assign(cohort=cohort.dt.start_time.dt.date, offset=offset)
    later = joined[(joined.timestamp > joined.first_at) & (joined.offset >= 1)]
    expected = later.groupby(["cohort", "offset"]).person_id.nunique().to_dict()
    sizes = joined.groupby("cohort").person_id.nunique().to_dict()
    expected |= {(c, 0): n for c, n in sizes.items()}
    assert {(r["cohort"], r["offset"]): r["persons"] for r in got} == expected
    assert sum(sizes.values()) == 23570
    for row in got:
        assert row["share"] == pytest.approx(row["persons"] / sizes[row["cohort"]])


@pytest.mark.data
def test_cdnow_repeat_purchase_matches_pandas(cdnow: tuple[pd.DataFrame, Any]) -> None:
    frame, events = cdnow
    result = repeat_purchase(events, "Order Completed")
    counts = frame.groupby("person_id").size()
    ordered = frame.sort_values(["person_id", "timestamp", "message_id"])
    gaps = ordered.groupby("person_id").timestamp.diff().dropna().dt.total_seconds()
    assert result.customers == 23570
    assert result.purchases == 69659
    assert result.repeat_customers == int((counts >= 2).sum())
    assert result.repeat_rate == pytest.approx(float((counts >= 2).mean()))
    assert result.purchases_per_customer == counts.value_counts().sort_index().to_dict()
    assert result.median_seconds_between == pytest.approx(float(np.quantile(gaps, 0.5)))
    assert result.p90_seconds_between == pytest.approx(float(np.quantile(gaps, 0.9)))


def test_periods_after_the_data_ends_are_empty_not_zero(make_events: MakeEvents) -> None:
    events = make_events(EVENTS)
    through = data_through(events)
    assert through == dt.date(2024, 1, 17)  # b's order on day 16 is the last event
    cells = retention(events, "Signed Up", "Order Completed", "week").to_pyarrow().to_pylist()
    # the second cohort's week 2 starts on 2024-01-22, after the data: unknown, not 0%
    assert retention_matrix(cells, "week", through) == {
        "2024-01-01": [1.0, 0.5, 0.5],
        "2024-01-08": [1.0, 0.0, None],
    }
    daily = retention(events, "Signed Up", "Order Completed", "day").to_pyarrow().to_pylist()
    matrix = retention_matrix(daily, "day", through)
    assert len(matrix["2024-01-08"]) == 15  # b returns 14 days after signing up
    assert matrix["2024-01-08"][9] == 0.0  # 2024-01-17, the last day, is observed
    assert matrix["2024-01-08"][10:] == [None] * 5


def test_monthly_periods_end_with_the_data_month() -> None:
    cells = [
        {"cohort": "2024-01-01", "offset": 0, "share": 1.0},
        {"cohort": "2024-01-01", "offset": 2, "share": 0.25},
        {"cohort": "2024-02-01", "offset": 0, "share": 1.0},
    ]
    assert retention_matrix(cells, "month", dt.date(2024, 3, 1)) == {
        "2024-01-01": [1.0, 0.0, 0.25],
        "2024-02-01": [1.0, 0.0, None],
    }
