"""Barrier findings: one measured anomaly, with effect size, confidence interval and persons.

Every finding compares a share in one place (`share = count / base`) with the pooled share of
the comparable places (`baseline`): the effect size is the difference `share - baseline`, the
95 % confidence interval is the Wilson score interval of `share`, the p-value is the two-sided
two-proportion z-test against the pooled rest, and q-values are Benjamini-Hochberg adjusted over
all findings of one run. `excess_persons = base * (share - baseline)` ranks them: how many more
persons than usual are lost (or stuck, or looping) there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from journeymap.analytics.stats import two_proportion_z, wilson_interval

KINDS = ("drop_off", "segment_drop_off", "touchpoint_exit", "dwell", "loop")


@dataclass(frozen=True)
class Finding:
    kind: str
    """drop_off, segment_drop_off, touchpoint_exit, dwell or loop."""
    stage: str
    next_stage: str | None
    touchpoint: str | None
    segment: str | None
    count: int
    """Persons affected: dropped, exited, slow or re-entering."""
    base: int
    """Persons it is a share of."""
    share: float
    baseline: float
    effect: float
    ci_low: float
    ci_high: float
    p_value: float
    q_value: float
    excess_persons: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def finding(
    kind: str,
    stage: str,
    *,
    count: int,
    base: int,
    rest_count: int,
    rest_base: int,
    next_stage: str | None = None,
    touchpoint: str | None = None,
    segment: str | None = None,
) -> Finding:
    """A finding with its statistics; `q_value` is filled in later over the whole run."""
    share = count / base if base else 0.0
    baseline = rest_count / rest_base if rest_base else 0.0
    low, high = wilson_interval(count, base)
    _, p_value = two_proportion_z(count, base, rest_count, rest_base)
    return Finding(
        kind=kind,
        stage=stage,
        next_stage=next_stage,
        touchpoint=touchpoint,
        segment=segment,
        count=count,
        base=base,
        share=share,
        baseline=baseline,
        effect=share - baseline,
        ci_low=low,
        ci_high=high,
        p_value=p_value,
        q_value=p_value,
        excess_persons=base * (share - baseline),
    )


def one_versus_rest(
    kind: str, rows: Sequence[tuple[str, str | None, str | None, str | None, int, int]]
) -> list[Finding]:
    """Findings for rows of (stage, next_stage, touchpoint, segment, count, base), each against
    the pooled counts of all other rows."""
    total_count = sum(r[4] for r in rows)
    total_base = sum(r[5] for r in rows)
    found: list[Finding] = []
    for stage, next_stage, touchpoint, segment, count, base in rows:
        if base == 0:
            continue
        found.append(
            finding(
                kind,
                stage,
                count=count,
                base=base,
                rest_count=total_count - count,
                rest_base=total_base - base,
                next_stage=next_stage,
                touchpoint=touchpoint,
                segment=segment,
            )
        )
    return found
