"""The funnel per segment, side by side, with tests of each segment against the rest.

Unlike a funnel `breakdown` (a value attributed to each chain, no tests), segments are assigned
per person (`segment_persons`) and each segment's funnel is `funnel` run on the events of that
segment's persons alone. Step names are resolved once on all events, so a step that one segment
never reached is a zero there, not an unknown name.

Tests, per step after the first and per segment against the pooled other segments:

- `conversion_from_previous`: persons at the step of persons at the previous required step
  (the previous step for `unordered`), two-proportion z-test;
- `seconds_from_previous`: time from the previous required step of the counted chains that
  reached the step, Mann-Whitney U.

Benjamini-Hochberg runs across every p-value of the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from typing import Any

import ibis

from journeymap.analytics.funnel import funnel
from journeymap.analytics.funnel_result import FunnelResult
from journeymap.analytics.funnel_spec import Exclusion, FunnelSpec
from journeymap.analytics.rank_tests import mann_whitney_tests
from journeymap.analytics.segment_split import split_segments
from journeymap.analytics.segment_tests import (
    SegmentedResult,
    SegmentTest,
    finish_tests,
    proportion_tests,
)
from journeymap.analytics.segmentation import SegmentBy
from journeymap.analytics.steps import Step, resolve_steps

_SEGMENT = "_segment"


def funnel_by_segment(
    events: ibis.Table,
    steps: Sequence[str | Step],
    by: SegmentBy,
    *,
    exclusions: Sequence[str | Step | Exclusion] = (),
    alpha: float = 0.05,
    **options: Any,
) -> SegmentedResult:
    """`funnel(events, steps, exclusions=..., **options)` per segment of `by`, with tests.

    Each segment's entry is the funnel's `to_dict()` plus `time_to_convert`.
    """
    # one lookup of the names on all events (the same order as `funnel` resolves them)
    names = [s for s in [*steps, *exclusions] if isinstance(s, str)]
    resolved = iter(resolve_steps(events, names) if names else [])
    step_list = [next(resolved) if isinstance(s, str) else s for s in steps]
    exclusion_list = [next(resolved) if isinstance(e, str) else e for e in exclusions]
    with split_segments(events, by) as split:
        results = {
            name: funnel(split.subset(name), step_list, exclusions=exclusion_list, **options)
            for name in split.names
        }
        spec = next(iter(results.values())).spec
        labelled = [
            r.chains.mutate(**{_SEGMENT: ibis.literal(name, "string")})
            for name, r in results.items()
        ]
        with reduce(lambda a, b: a.union(b), labelled).cache() as chains:
            segments = {name: _segment_json(spec, chains, name) for name in results}
            tests = _step_tests(spec, segments) + _duration_tests(spec, chains)
    return SegmentedResult(
        "funnel", split.segmented_by, segments, finish_tests(tests, alpha), alpha=alpha
    )


def _segment_json(spec: FunnelSpec, chains: ibis.Table, name: str) -> dict[str, Any]:
    own = chains.filter(chains[_SEGMENT] == name).drop(_SEGMENT)
    result = FunnelResult(spec=spec, chains=own)
    data = result.to_dict()
    data["time_to_convert"] = result.time_to_convert()
    return data


def step_item(names: Sequence[str], j: int) -> str:
    """How tests name step `j` (0-based): `2. Cart Viewed`."""
    return f"{j + 1}. {names[j]}"


def _previous(spec: FunnelSpec, j: int) -> int:
    return j - 1 if spec.order == "unordered" else spec.previous_required(j)


def _step_tests(spec: FunnelSpec, segments: dict[str, dict[str, Any]]) -> list[SegmentTest]:
    tests: list[SegmentTest] = []
    names = [s["name"] for s in next(iter(segments.values()))["steps"]]
    for j in range(1, spec.n):
        before = _previous(spec, j)
        counts = {
            name: (int(data["steps"][j]["persons"]), int(data["steps"][before]["persons"]))
            for name, data in segments.items()
        }
        tests += proportion_tests(step_item(names, j), "conversion_from_previous", counts)
    return tests


def _duration_tests(spec: FunnelSpec, chains: ibis.Table) -> list[SegmentTest]:
    """Mann-Whitney U per step on the seconds from the previous step (chains that reached it)."""
    names = FunnelResult(spec=spec, chains=chains).step_names
    parts = [
        chains.select(
            segment=chains[_SEGMENT],
            item=ibis.literal(step_item(names, j), "string"),
            value=chains[f"ms{j}"].cast("float64") / 1000,
        )
        for j in range(1, spec.n)
    ]
    if not parts:
        return []
    return mann_whitney_tests(reduce(lambda a, b: a.union(b), parts), "seconds_from_previous")
