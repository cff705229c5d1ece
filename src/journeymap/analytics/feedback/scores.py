"""Feedback scores per touchpoint, stage, segment and period, with confidence intervals.

The counting happens in Ibis (`score_aggregates`, identical on DuckDB and PySpark): per group and
kind the number of answers, the sum and sum of squares of the scores, and the "high" and "low"
answers. The intervals are computed from those aggregates in Python (`feedback_scores`), see
`journeymap.analytics.feedback.intervals`.

High / low answers per kind:

| kind | high | low |
|---|---|---|
| nps (0-10) | promoters 9-10 | detractors 0-6 |
| csat (1-5), rating (1-5) | satisfied 4-5 (the CSAT score) | dissatisfied 1-2 |
| ces (1-7, 7 = very easy) | easy 5-7 | hard 1-3 |
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import ibis
import ibis.expr.types as ir

from journeymap.analytics.feedback.intervals import (
    Interval,
    mean_interval,
    nps_interval,
    share_interval,
)
from journeymap.analytics.feedback.schema import SCALES
from journeymap.analytics.option_names import FEEDBACK_GROUP_COLUMNS, FEEDBACK_PERIOD_UNITS
from journeymap.i18n import gettext as _

GROUP_COLUMNS: Final = FEEDBACK_GROUP_COLUMNS
"""What `by` may name; `period` is the answer time truncated to `period=` (a date)."""

PERIOD_UNITS: Final = FEEDBACK_PERIOD_UNITS


def score_aggregates(
    feedback: ir.Table, by: Sequence[str] = ("touchpoint",), *, period: str = "month"
) -> ir.Table:
    """Per group of `by` and kind: `answers`, `total`, `total_squares`, `high`, `low`."""
    keys = _check_by(by)
    scored = feedback.filter(feedback.kind.isin(list(SCALES)) & feedback.score.notnull())
    if "period" in keys:
        if period not in PERIOD_UNITS:
            raise ValueError(
                _(
                    "unknown period {period!r}; use one of {period_units}",
                    period=period,
                    period_units=", ".join(PERIOD_UNITS),
                )
            )
        scored = scored.mutate(period=scored.timestamp.truncate(PERIOD_UNITS[period]).date())
    score = scored.score
    kind = scored.kind
    high = ibis.cases((kind == "nps", score >= 9), (kind == "ces", score >= 5), else_=score >= 4)
    low = ibis.cases((kind == "nps", score <= 6), (kind == "ces", score <= 3), else_=score <= 2)
    return scored.group_by([*keys, "kind"]).aggregate(
        answers=score.count(),
        total=score.sum(),
        total_squares=(score * score).sum(),
        high=high.cast("int64").sum(),
        low=low.cast("int64").sum(),
    )


@dataclass(frozen=True)
class ScoreSummary:
    """The score of one kind for one group, with intervals."""

    group: dict[str, Any]
    """The values of the `by` columns (None for answers without one)."""
    kind: str
    answers: int
    high: int
    """Promoters for NPS, satisfied (4-5) for CSAT and ratings, easy (5-7) for CES."""
    low: int
    """Detractors for NPS, dissatisfied (1-2) for CSAT and ratings, hard (1-3) for CES."""
    mean: Interval
    """Mean score with a t interval."""
    nps: Interval | None = None
    """NPS (-100..100) with its standard error; only for `nps`."""
    top_share: Interval | None = None
    """Share of high answers with a Wilson interval (the CSAT score); not for `nps`."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def headline(self) -> Interval:
        """The number people quote: NPS for nps, the top-2 share for CSAT, the mean otherwise."""
        if self.nps is not None:
            return self.nps
        if self.kind == "csat" and self.top_share is not None:
            return self.top_share
        return self.mean

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {**self.group, "kind": self.kind, "answers": self.answers}
        out |= {"high": self.high, "low": self.low}
        out |= _flat("mean", self.mean)
        if self.nps is not None:
            out |= _flat("nps", self.nps)
        if self.top_share is not None:
            out |= _flat("top_share", self.top_share)
        return out


def feedback_scores(
    feedback: ir.Table, by: Sequence[str] = ("touchpoint",), *, period: str = "month"
) -> list[ScoreSummary]:
    """Scores of every kind per group of `by`, sorted by group then kind."""
    keys = _check_by(by)
    rows = score_aggregates(feedback, keys, period=period).to_pyarrow().to_pylist()
    summaries = [summarize(row, keys) for row in rows]
    return sorted(summaries, key=lambda s: ([_sort_key(s.group[k]) for k in keys], s.kind))


def summarize(row: dict[str, Any], keys: Sequence[str]) -> ScoreSummary:
    """One aggregate row (from `score_aggregates`) with its intervals."""
    kind = str(row["kind"])
    answers, high, low = int(row["answers"]), int(row["high"]), int(row["low"])
    group = {key: _plain(row[key]) for key in keys}
    mean = mean_interval(answers, float(row["total"]), float(row["total_squares"]))
    if kind == "nps":
        return ScoreSummary(
            group, kind, answers, high, low, mean, nps=nps_interval(high, low, answers)
        )
    return ScoreSummary(
        group, kind, answers, high, low, mean, top_share=share_interval(high, answers)
    )


def _check_by(by: Sequence[str]) -> list[str]:
    keys = [by] if isinstance(by, str) else list(by)
    unknown = [k for k in keys if k not in GROUP_COLUMNS]
    if unknown:
        raise ValueError(
            _(
                "cannot group by {unknown}; use {group_columns}",
                unknown=unknown,
                group_columns=", ".join(GROUP_COLUMNS),
            )
        )
    return keys


def _plain(value: Any) -> Any:
    """Engine values as JSON-friendly Python: dates as ISO text, NaN/NaT as None."""
    if value is None or _is_nat(value) or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):  # pandas' Timestamp too: it is a datetime
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _is_nat(value: Any) -> bool:
    """pandas' NaT, without importing pandas (a value cannot be NaT unless it is loaded)."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and value is pandas.NaT


def _sort_key(value: Any) -> tuple[bool, str]:
    return (value is None, str(value))


def _flat(name: str, interval: Interval) -> dict[str, float | None]:
    def clean(x: float) -> float | None:
        return None if math.isnan(x) else x

    return {
        name: clean(interval.value),
        f"{name}_se": clean(interval.se),
        f"{name}_low": clean(interval.low),
        f"{name}_high": clean(interval.high),
    }
