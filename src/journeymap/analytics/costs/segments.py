"""Channel economics per segment of persons.

Costs are not per person, so each segment gets a share of a label's spend in proportion to the
persons of the segment the label reached (its share of the label's reach over the period).
Spend no event matches reaches nobody and stays in the whole result's unmatched list.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import ibis

from journeymap.analytics.costs.result import RoiResult, RoiRow
from journeymap.analytics.costs.roi import roi
from journeymap.analytics.segment_split import split_segments
from journeymap.analytics.segmentation import SegmentBy


def roi_by_segment(
    events: ibis.Table, costs: ibis.Table, segment_by: SegmentBy, **options: Any
) -> dict[str, RoiResult]:
    """`roi(...)` of each segment (options as `roi` takes them), spend shared by reach."""
    whole = roi(events, costs, **options)
    reach = {r.label: r.reached for r in whole.rows}
    spend = {r.label: r.spend for r in whole.rows}
    period = {**options, "start": whole.start, "end": whole.end}
    results: dict[str, RoiResult] = {}
    with split_segments(events, segment_by) as split:
        for name in split.names:
            part = roi(split.subset(name), costs, **period)
            rows = [
                replace(row, spend=_share(row, reach, spend), matched=True)
                for row in part.rows
                if row.reached or row.orders or row.leads
            ]
            total = replace(part.total, spend=sum(r.spend for r in rows))
            results[name] = replace(part, rows=rows, total=total, unmatched=[])
    return results


def _share(row: RoiRow, reach: dict[str, int], spend: dict[str, float]) -> float:
    total_reach = reach.get(row.label, 0)
    return spend.get(row.label, 0.0) * row.reached / total_reach if total_reach else 0.0
