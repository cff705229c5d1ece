"""Sample ratio mismatch: were units split between variants as planned?"""

from __future__ import annotations

from collections.abc import Mapping

from journeymap.experiments.results import SampleRatioCheck

SRM_THRESHOLD = 0.001
"""p below this flags a mismatch (GrowthBook and most platforms use 0.001: the check runs on
every experiment, so a stricter level keeps false alarms rare)."""


def sample_ratio_check(
    counts: Mapping[str, int],
    weights: Mapping[str, float] | None = None,
    *,
    threshold: float = SRM_THRESHOLD,
) -> SampleRatioCheck:
    """Pearson chi-square of observed units per variant against `weights` (equal by default)."""
    from scipy.stats import chisquare

    names = list(counts)
    planned = {name: float((weights or {}).get(name, 1.0)) for name in names}
    total_weight = sum(planned.values())
    total = sum(counts.values())
    expected = {name: planned[name] / total_weight * total for name in names}
    if total == 0 or len(names) < 2:
        return SampleRatioCheck(dict(counts), expected, 0.0, 1.0, threshold)
    result = chisquare([counts[n] for n in names], [expected[n] for n in names])
    return SampleRatioCheck(
        observed=dict(counts),
        expected=expected,
        statistic=float(result.statistic),
        p_value=float(result.pvalue),
        threshold=threshold,
    )
