"""Attribution per segment: each segment's conversions credited to channels or touchpoints.

The touch table of each segment is `touches_from_events` on that segment's persons alone, so a
segment's credits add up to its own conversions and value. No tests: credited conversions are
model outputs (fractions of conversions spread over touches), not counts of independent persons,
so a two-proportion test would not be valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import ibis

from journeymap.analytics.attribution.events import touches_from_events
from journeymap.analytics.attribution.models import DEFAULT_HALF_LIFE, attribute
from journeymap.analytics.segment_split import split_segments
from journeymap.analytics.segment_tests import SegmentedResult
from journeymap.analytics.segmentation import SegmentBy


def attribution_by_segment(
    events: ibis.Table,
    conversion: str,
    models: Sequence[str],
    by: SegmentBy,
    *,
    label_by: str = "channel",
    lookback: dt.timedelta | None = dt.timedelta(days=30),
    value_property: str | None = "revenue",
    half_life: float = DEFAULT_HALF_LIFE,
    order: int = 1,
) -> SegmentedResult:
    """Each segment: `{"by", "models": [AttributionResult.as_dict(), ...]}`."""
    segments: dict[str, dict[str, Any]] = {}
    with split_segments(events, by) as split:
        for name in split.names:
            touches = touches_from_events(
                split.subset(name),
                conversion,
                by=label_by,
                lookback=lookback,
                value_property=value_property,
            )
            results = [attribute(touches, m, half_life=half_life, order=order) for m in models]
            segments[name] = {"by": label_by, "models": [r.as_dict() for r in results]}
    notes = ["credited conversions are model outputs; segments are not tested"]
    return SegmentedResult("attribution", split.segmented_by, segments, [], notes=notes)
