"""Paths per segment: Sankey columns, links and top variants of each segment's persons.

Each segment's result is `paths`, `sankey_links` and `variants` run on that segment's persons
alone (so `(other)` and the top K are per segment). Every variant named in some segment's top
K is then counted in every segment (among all its paths, not only its top K), and its share of
the segment's cases is compared with the pooled other segments (two-proportion z-test);
Benjamini-Hochberg runs across the whole table. Cases are persons, or sessions with a
`session_gap` (sessions of one person are then counted as independent cases).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis

from journeymap.analytics.paths import OTHER, paths, sankey_links, variants
from journeymap.analytics.segment_split import split_segments
from journeymap.analytics.segment_tests import (
    SegmentedResult,
    SegmentTest,
    finish_tests,
    proportion_tests,
)
from journeymap.analytics.segmentation import SegmentBy
from journeymap.analytics.sequences import NodeKind

_ALL = 2**31 - 1
"""A `top` that names every variant."""


def paths_by_segment(
    events: ibis.Table,
    by: SegmentBy,
    *,
    start: str | None = None,
    end: str | None = None,
    max_steps: int = 5,
    top: int = 10,
    node_by: NodeKind = "event",
    session_gap: str | dt.timedelta | None = None,
    collapse_repeats: bool = False,
    alpha: float = 0.05,
) -> SegmentedResult:
    """Each segment: `{"columns", "links", "variants"}` as the paths functions give them."""
    options: dict[str, Any] = {
        "start": start,
        "end": end,
        "max_steps": max_steps,
        "by": node_by,
        "session_gap": session_gap,
        "collapse_repeats": collapse_repeats,
    }
    segments: dict[str, dict[str, Any]] = {}
    with split_segments(events, by) as split:
        for name in split.names:
            subset = split.subset(name)
            segments[name] = {
                "columns": paths(subset, top=top, **options).to_pyarrow().to_pylist(),
                "links": sankey_links(subset, top=top, **options).to_pyarrow().to_pylist(),
                "variants": variants(subset, top=top, **options).to_pyarrow().to_pylist(),
            }
        named = sorted(
            {str(v["variant"]) for d in segments.values() for v in d["variants"]} - {OTHER}
        )
        cases: dict[str, tuple[dict[str, int], int]] = {}
        for name in split.names:
            cases[name] = _variant_cases(variants(split.subset(name), top=_ALL, **options), named)
    tests = variant_tests(named, cases)
    return SegmentedResult("paths", split.segmented_by, segments, finish_tests(tests, alpha), alpha)


def _variant_cases(every: ibis.Table, named: list[str]) -> tuple[dict[str, int], int]:
    """(cases per named variant, all cases) of one segment."""
    rows = every.select("variant", "cases").to_pyarrow().to_pylist()
    total = sum(int(r["cases"]) for r in rows)
    wanted = set(named)
    return {str(r["variant"]): int(r["cases"]) for r in rows if r["variant"] in wanted}, total


def variant_tests(
    named: list[str], cases: dict[str, tuple[dict[str, int], int]]
) -> list[SegmentTest]:
    tests: list[SegmentTest] = []
    for variant in named:
        counts = {name: (found.get(variant, 0), total) for name, (found, total) in cases.items()}
        tests += proportion_tests(variant, "cases_share", counts)
    return tests
