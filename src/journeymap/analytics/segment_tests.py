"""Segment-versus-rest tests and the result shape every segmented analysis returns.

A segmented analysis gives each segment the normal result of the analysis (run on that
segment's persons alone) and a table of tests. Every test compares one segment with the pooled
other segments on one `item` (a funnel step, an edge, a path, a KPI, ...) and one `metric`:

- `two_proportion_z`: `count` of `n` in the segment against `count_rest` of `n_rest` (pooled,
  two-sided z-test); `value`/`value_rest` are the shares, `effect` their difference;
- `mann_whitney_u`: durations of the segment (`n`) against the rest (`n_rest`); `value` is the
  segment's median, `statistic` is U of the segment and `effect` is `U / (n n_rest)`, the
  probability that a segment duration exceeds a rest duration (ties count half).

`finish_tests` applies Benjamini-Hochberg across every p-value of the table and sets
`significant` (q < alpha).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from journeymap.analytics.stats import benjamini_hochberg, two_proportion_z

PROPORTION = "two_proportion_z"
MANN_WHITNEY = "mann_whitney_u"


@dataclass(frozen=True)
class SegmentTest:
    segment: str
    item: str
    metric: str
    test: str
    n: int
    n_rest: int
    value: float | None
    value_rest: float | None
    effect: float | None
    statistic: float
    p_value: float
    count: int | None = None
    count_rest: int | None = None
    q_value: float = 1.0
    significant: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SegmentedResult:
    """One analysis per segment side by side, and the BH-corrected tests between segments."""

    analysis: str
    segmented_by: str
    segments: dict[str, dict[str, Any]]
    """Segment -> the analysis' normal JSON for that segment's persons."""
    tests: list[SegmentTest]
    alpha: float = 0.05
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": self.analysis,
            "segmented_by": self.segmented_by,
            "alpha": self.alpha,
            "segments": self.segments,
            "tests": [t.as_dict() for t in self.tests],
            "notes": self.notes,
        }


def proportion_tests(
    item: str, metric: str, counts: dict[str, tuple[int, int]]
) -> list[SegmentTest]:
    """Each segment's `(count, n)` against the pooled other segments; skipped when either side
    has n = 0 (nothing to compare)."""
    total_count = sum(c for c, _ in counts.values())
    total_n = sum(n for _, n in counts.values())
    tests: list[SegmentTest] = []
    for segment, (count, n) in counts.items():
        rest_count, rest_n = total_count - count, total_n - n
        if n == 0 or rest_n == 0:
            continue
        z, p = two_proportion_z(count, n, rest_count, rest_n)
        share, rest_share = count / n, rest_count / rest_n
        tests.append(
            SegmentTest(
                segment=segment,
                item=item,
                metric=metric,
                test=PROPORTION,
                n=n,
                n_rest=rest_n,
                value=share,
                value_rest=rest_share,
                effect=share - rest_share,
                statistic=z,
                p_value=p,
                count=count,
                count_rest=rest_count,
            )
        )
    return tests


def finish_tests(tests: Sequence[SegmentTest], alpha: float) -> list[SegmentTest]:
    """Benjamini-Hochberg q-values across all tests, and `significant` (q < alpha)."""
    q_values = benjamini_hochberg([t.p_value for t in tests])
    return [
        replace(t, q_value=q, significant=q < alpha) for t, q in zip(tests, q_values, strict=True)
    ]
