"""Feedback scores against independent computations (numpy/scipy), on DuckDB and PySpark."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import ibis
import numpy as np
import pytest
from scipy import stats

from journeymap.analytics.feedback.from_events import feedback_from_events
from journeymap.analytics.feedback.intervals import mean_interval, nps_interval, share_interval
from journeymap.analytics.feedback.scores import feedback_scores
from tests.analytics.conftest import events_frame

RNG = np.random.default_rng(7)


def survey_rows(n: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Random NPS, CSAT and CES answers on two touchpoints, and the raw numbers behind them."""
    rows: list[dict[str, Any]] = []
    raw: dict[str, Any] = {}
    start = dt.datetime(2025, 1, 30, 12)
    for touchpoint in ("cart", "delivery"):
        for kind, low, high in (("nps", 0, 10), ("csat", 1, 5), ("ces", 1, 7)):
            scores = RNG.integers(low, high + 1, size=n)
            raw[touchpoint, kind] = scores
            for i, score in enumerate(scores):
                rows.append(
                    {
                        "person_id": f"p{i}",
                        "event": "Survey Answered",
                        "timestamp": start + dt.timedelta(days=i % 5),
                        "properties": {"score": int(score), "kind": kind, "touchpoint": touchpoint},
                    }
                )
    return rows, raw


def test_nps_csat_ces_match_independent_statistics(make_events: Any) -> None:
    rows, raw = survey_rows(40)
    summaries = feedback_scores(feedback_from_events(make_events(rows)), by=["touchpoint"])
    assert len(summaries) == 6
    for summary in summaries:
        values = raw[summary.group["touchpoint"], summary.kind].astype(float)
        n = len(values)
        assert summary.answers == n
        sem = values.std(ddof=1) / math.sqrt(n)
        low, high = stats.t.interval(0.95, n - 1, loc=values.mean(), scale=sem)
        assert summary.mean.value == pytest.approx(values.mean())
        assert summary.mean.low == pytest.approx(low)
        assert summary.mean.high == pytest.approx(high)
        if summary.kind == "nps":
            # Each answer scores +100 (promoter), 0 or -100 (detractor); NPS is their mean and
            # its standard error the population sd of those values over sqrt(n).
            per_answer = np.where(values >= 9, 100.0, np.where(values <= 6, -100.0, 0.0))
            assert summary.nps is not None
            assert summary.nps.value == pytest.approx(per_answer.mean())
            assert summary.nps.se == pytest.approx(per_answer.std(ddof=0) / math.sqrt(n))
            z = stats.norm.ppf(0.975)
            assert summary.nps.low == pytest.approx(
                max(-100, per_answer.mean() - z * summary.nps.se)
            )
        else:
            top = int((values >= (5 if summary.kind == "ces" else 4)).sum())
            assert summary.high == top
            ci = stats.binomtest(top, n).proportion_ci(0.95, method="wilson")
            assert summary.top_share is not None
            assert summary.top_share.value == pytest.approx(top / n)
            assert summary.top_share.low == pytest.approx(ci.low)
            assert summary.top_share.high == pytest.approx(ci.high)


def test_scores_by_period_and_stage(make_events: Any) -> None:
    rows = [
        {
            "person_id": f"p{i}",
            "event": "Survey Answered",
            "timestamp": dt.datetime(2025, 1 + i % 2, 10),
            "properties": {"score": 10 if i % 2 else 3, "kind": "nps", "stage": "purchase"},
        }
        for i in range(6)
    ]
    summaries = feedback_scores(
        feedback_from_events(make_events(rows)), by=["stage", "period"], period="month"
    )
    assert [(s.group["period"], s.answers) for s in summaries] == [
        ("2025-01-01", 3),
        ("2025-02-01", 3),
    ]
    assert [s.nps.value for s in summaries if s.nps] == [-100.0, 100.0]
    assert all(s.group["stage"] == "purchase" for s in summaries)


def test_interval_edge_cases() -> None:
    assert math.isnan(nps_interval(0, 0, 0).value)
    single = mean_interval(1, 4.0, 16.0)
    assert single.value == 4.0
    assert math.isnan(single.low)
    all_promoters = nps_interval(10, 0, 10)
    assert (all_promoters.value, all_promoters.se) == (100.0, 0.0)
    assert share_interval(0, 5).low == 0.0
    assert 0 < share_interval(0, 5).high < 1


def test_unknown_grouping_is_a_clear_error() -> None:
    table = feedback_from_events(ibis.memtable(events_frame(survey_rows(2)[0])))
    with pytest.raises(ValueError, match="cannot group by"):
        feedback_scores(table, by=["colour"])
