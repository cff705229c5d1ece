"""Mann-Whitney U of each segment against the other segments, from rank sums computed in Ibis.

`samples` holds one row per measured duration: `segment`, `item` (what is measured, e.g. a
funnel step) and `value`. Within each item the values are ranked over all segments (average
ranks for ties); a segment's rank sum, its count and the item's tie term `sum(t^3 - t)` give U
and the two-sided p-value with the normal approximation, tie and continuity correction, as
`scipy.stats.mannwhitneyu(x, y, method="asymptotic")`. Only these aggregates leave the engine.
"""

from __future__ import annotations

from typing import Any

import ibis

from journeymap.analytics.segment_tests import MANN_WHITNEY, SegmentTest
from journeymap.analytics.stats import mann_whitney_from_ranks


def mann_whitney_tests(samples: ibis.Table, metric: str) -> list[SegmentTest]:
    """One test per (item, segment) with durations on both sides; q-values left at 1."""
    data = samples.filter(samples.value.notnull()).select(
        segment=samples.segment.cast("string"),
        item=samples.item.cast("string"),
        value=samples.value.cast("float64"),
    )
    ranked = data.mutate(
        _rank=ibis.rank().over(group_by="item", order_by="value") + 1,
        _ties=data.value.count().over(group_by=["item", "value"]),
    )
    average_rank = ranked._rank.cast("float64") + (ranked._ties.cast("float64") - 1) / 2
    per_segment = _rows(
        ranked.group_by(["item", "segment"]).aggregate(
            rank_sum=average_rank.sum(), n=ranked.count(), median=ranked.value.median()
        )
    )
    ties = data.group_by(["item", "value"]).aggregate(t=data.count().cast("float64"))
    tie_terms = {
        str(r["item"]): float(r["term"] or 0.0)
        for r in _rows(ties.group_by("item").aggregate(term=(ties.t**3 - ties.t).sum()))
    }
    totals: dict[str, int] = {}
    for row in per_segment:
        totals[str(row["item"])] = totals.get(str(row["item"]), 0) + int(row["n"])
    tests: list[SegmentTest] = []
    for row in sorted(per_segment, key=lambda r: (str(r["item"]), str(r["segment"]))):
        item, n = str(row["item"]), int(row["n"])
        rest = totals[item] - n
        if n == 0 or rest == 0:
            continue
        u, p = mann_whitney_from_ranks(float(row["rank_sum"]), n, rest, tie_terms[item])
        tests.append(
            SegmentTest(
                segment=str(row["segment"]),
                item=item,
                metric=metric,
                test=MANN_WHITNEY,
                n=n,
                n_rest=rest,
                value=None if row["median"] is None else float(row["median"]),
                value_rest=None,
                effect=u / (n * rest),
                statistic=u,
                p_value=p,
            )
        )
    return tests


def _rows(table: ibis.Table) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table.to_pyarrow().to_pylist()
    return rows
