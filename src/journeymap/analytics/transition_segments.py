"""The directly-follows graph per segment, with each edge's reach tested between segments.

Each segment's edges are `transitions` run on that segment's persons alone. For every edge and
segment, the share of the segment's persons who took the edge at least once (`persons` of the
edge over the segment's persons with any node) is compared with the pooled other segments
(two-proportion z-test); Benjamini-Hochberg runs across the whole table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis

from journeymap.analytics.segment_split import split_segments
from journeymap.analytics.segment_tests import (
    SegmentedResult,
    SegmentTest,
    finish_tests,
    proportion_tests,
)
from journeymap.analytics.segmentation import SegmentBy
from journeymap.analytics.sequences import NodeKind
from journeymap.analytics.transitions import transitions

ARROW = " → "


def transitions_by_segment(
    events: ibis.Table,
    by: SegmentBy,
    *,
    node_by: NodeKind = "event",
    session_gap: str | dt.timedelta | None = "30m",
    collapse_repeats: bool = False,
    alpha: float = 0.05,
) -> SegmentedResult:
    """Each segment: `{"by", "session_gap", "persons", "edges": [...]}` (edges as
    `transitions` gives them; `persons`: the segment's persons with any node)."""
    segments: dict[str, dict[str, Any]] = {}
    with split_segments(events, by) as split:
        for name in split.names:
            subset = split.subset(name)
            edges = transitions(
                subset, by=node_by, session_gap=session_gap, collapse_repeats=collapse_repeats
            )
            segments[name] = {
                "by": node_by,
                "session_gap": None if session_gap is None else str(session_gap),
                "persons": node_persons(subset, node_by),
                "edges": edges.to_pyarrow().to_pylist(),
            }
    return SegmentedResult(
        "transitions",
        split.segmented_by,
        segments,
        finish_tests(edge_tests(segments), alpha),
        alpha,
    )


def node_persons(events: ibis.Table, node_by: NodeKind) -> int:
    """Persons with at least one event that has a node (the persons transitions count)."""
    with_node = events.filter(events.person_id.notnull() & events[node_by].notnull())
    return int(with_node.aggregate(n=with_node.person_id.nunique()).to_pyarrow()["n"][0].as_py())


def edge_tests(segments: dict[str, dict[str, Any]]) -> list[SegmentTest]:
    """Per edge, each segment's persons on it out of its persons, against the other segments."""
    reach: dict[tuple[str, str], dict[str, int]] = {}
    for name, data in segments.items():
        for edge in data["edges"]:
            key = (str(edge["source"]), str(edge["target"]))
            reach.setdefault(key, {})[name] = int(edge["persons"])
    tests: list[SegmentTest] = []
    for (source, target), by_segment in sorted(reach.items()):
        counts = {
            name: (by_segment.get(name, 0), int(data["persons"])) for name, data in segments.items()
        }
        tests += proportion_tests(f"{source}{ARROW}{target}", "persons_share", counts)
    return tests
