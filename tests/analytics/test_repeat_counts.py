"""One rule for what a purchase is: `repeat_purchase` and the KPI `repeat_rate` agree, counting
orders or distinct purchase days (a purchase log with a row per order line, as CDNOW's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

from journeymap.analytics.kpi import evaluate_kpis
from journeymap.analytics.repeat_counts import check_repeat_by
from journeymap.analytics.retention import purchase_gaps, repeat_purchase
from journeymap.model.journey import JourneyMap
from tests.analytics.conftest import MakeEvents, ToRecords
from tests.analytics.test_retention import cdnow

__all__ = ["cdnow"]
ORDER = "Order Completed"
DAY = dt.datetime(2024, 3, 1, 9)

# Purchase-log shaped: one row per order line, so one order on one day can be several rows.
LINES = [
    ("lines", DAY),  # one order of two lines, same day: a repeat customer only by rows
    ("lines", DAY + dt.timedelta(minutes=1)),
    ("again", DAY),  # two lines on day 0, one order 10 days later
    ("again", DAY + dt.timedelta(seconds=30)),
    ("again", DAY + dt.timedelta(days=10)),
    ("once", DAY + dt.timedelta(days=2)),
]
JOURNEY = JourneyMap.model_validate(
    {
        "journeymap": 1,
        "id": "repeat",
        "title": "Repeat",
        "stages": [
            {
                "id": "buy",
                "name": "Buy",
                "touchpoints": ["order"],
                "kpis": [
                    {"id": "by-event", "name": "Buy again", "measure": f"repeat_rate({ORDER})"},
                    {"id": "by-touchpoint", "name": "Again", "measure": "repeat_rate(order)"},
                ],
            }
        ],
        "touchpoints": [{"id": "order", "name": "Order", "bindings": [{"event": ORDER}]}],
    }
)


def _events(make_events: MakeEvents) -> Any:
    return make_events(
        [
            {"message_id": f"m{k}", "person_id": person, "event": ORDER, "timestamp": at}
            for k, (person, at) in enumerate(LINES)
        ]
    )


@pytest.mark.parametrize(("by", "repeaters"), [("orders", 2), ("days", 1)])
def test_repeat_purchase_and_kpi_count_the_same_purchases(
    make_events: MakeEvents, by: str, repeaters: int
) -> None:
    events = _events(make_events)
    counted_by = check_repeat_by(by)
    result = repeat_purchase(events, ORDER, by=counted_by)
    assert (result.customers, result.repeat_customers) == (3, repeaters)
    assert result.counted_by == by
    kpis = evaluate_kpis(events, JOURNEY, repeat_by=counted_by)
    assert [k.value for k in kpis] == [pytest.approx(result.repeat_rate)] * 2
    assert [k.persons for k in kpis] == [3, 3]


def test_gaps_run_between_purchase_days(make_events: MakeEvents, to_records: ToRecords) -> None:
    events = _events(make_events)
    by_day = to_records(purchase_gaps(events, ORDER, by="days"))
    assert by_day == [{"person": "again", "gap": 10 * 86400}]
    by_order = to_records(purchase_gaps(events, ORDER, by="orders"))
    assert sorted(row["gap"] for row in by_order) == [30, 60, 10 * 86400 - 30]
    result = repeat_purchase(events, ORDER, by="days")
    assert result.purchases_per_customer == {1: 2, 2: 1}
    assert result.median_seconds_between == pytest.approx(10 * 86400)


def test_an_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="orders or days"):
        check_repeat_by("visits")


@pytest.mark.data
def test_cdnow_repeat_purchase_by_days_matches_pandas(cdnow: tuple[pd.DataFrame, Any]) -> None:
    frame, events = cdnow
    result = repeat_purchase(events, ORDER, by="days")
    days = frame.assign(day=frame.timestamp.dt.normalize()).drop_duplicates(["person_id", "day"])
    counts = days.groupby("person_id").size()
    gaps = days.sort_values(["person_id", "day"]).groupby("person_id").day.diff().dropna()
    assert result.customers == 23570
    assert result.purchases == len(days)
    assert result.repeat_customers == int((counts >= 2).sum())
    assert result.median_seconds_between == pytest.approx(
        float(np.quantile(gaps.dt.total_seconds(), 0.5))
    )
    kpis = evaluate_kpis(events, JOURNEY, repeat_by="days")
    assert kpis[0].value == pytest.approx(result.repeat_rate)
