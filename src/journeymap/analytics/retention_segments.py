"""Retention and repeat purchase per segment, side by side.

- `retention_by_segment`: the cohort triangle of each segment's persons (`retention` on them);
  no tests (a triangle is many small cohorts; compare segments with `repeat_by_segment` or
  `compare_segments` instead).
- `repeat_by_segment`: `repeat_purchase` per segment, with the repeat-purchase rate tested
  against the other segments (two-proportion z-test) and the time between purchases (every gap
  between consecutive purchases of a person) with Mann-Whitney U; Benjamini-Hochberg across the
  table.
"""

from __future__ import annotations

from typing import Any

import ibis

from journeymap.analytics.rank_tests import mann_whitney_tests
from journeymap.analytics.repeat_counts import DEFAULT_REPEAT_BY, RepeatBy
from journeymap.analytics.retention import (
    Period,
    purchase_gaps,
    repeat_purchase,
    retention,
)
from journeymap.analytics.segment_split import split_segments
from journeymap.analytics.segment_tests import SegmentedResult, finish_tests, proportion_tests
from journeymap.analytics.segmentation import SegmentBy

REPEAT_ITEM = "repeat purchase"
GAP_ITEM = "time between purchases"


def retention_by_segment(
    events: ibis.Table,
    start_event: str,
    return_event: str,
    by: SegmentBy,
    period: Period = "week",
    *,
    alpha: float = 0.05,
) -> SegmentedResult:
    """Each segment: `{"period", "cells": [...]}` as `retention` gives them (cohort as text)."""
    segments: dict[str, dict[str, Any]] = {}
    with split_segments(events, by) as split:
        for name in split.names:
            cells = retention(split.subset(name), start_event, return_event, period)
            rows = cells.to_pyarrow().to_pylist()
            for row in rows:
                row["cohort"] = str(row["cohort"])
            segments[name] = {"period": period, "cells": rows}
    notes = ["retention triangles are not tested between segments"]
    return SegmentedResult("retention", split.segmented_by, segments, [], alpha, notes)


def repeat_by_segment(
    events: ibis.Table,
    purchase_event: str,
    by: SegmentBy,
    *,
    alpha: float = 0.05,
    repeat_by: RepeatBy = DEFAULT_REPEAT_BY,
) -> SegmentedResult:
    """Each segment: `repeat_purchase(...).as_dict()`; tests of rate and gaps against the rest.
    Purchases count `repeat_by` orders or distinct days, as in `repeat_purchase`."""
    with split_segments(events, by) as split:
        results = {
            name: repeat_purchase(split.subset(name), purchase_event, by=repeat_by)
            for name in split.names
        }
        gaps = purchase_gaps(events, purchase_event, by=repeat_by)
        gaps = gaps.join(split.assigned, "person")
        samples = gaps.select(
            segment=gaps.segment, item=ibis.literal(GAP_ITEM, "string"), value=gaps.gap
        )
        duration_tests = mann_whitney_tests(samples, "seconds_between")
    counts = {name: (r.repeat_customers, r.customers) for name, r in results.items()}
    tests = proportion_tests(REPEAT_ITEM, "repeat_rate", counts) + duration_tests
    return SegmentedResult(
        "repeat",
        split.segmented_by,
        {name: r.as_dict() for name, r in results.items()},
        finish_tests(tests, alpha),
        alpha,
    )
