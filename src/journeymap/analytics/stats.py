"""Small statistical tests on aggregated numbers (the heavy counting happens in Ibis).

- `two_proportion_z`: pooled two-proportion z-test, two-sided; z^2 equals the chi-square
  statistic of the 2x2 table without continuity correction.
- `mann_whitney_from_ranks`: Mann-Whitney U from the rank sum of one group in the pooled sample
  (average ranks for ties), normal approximation with tie correction and continuity correction,
  as `scipy.stats.mannwhitneyu(..., method="asymptotic")`.
- `benjamini_hochberg`: adjusted p-values (q-values) controlling the false discovery rate.
- `wilson_interval`: Wilson score interval of a proportion.

The normal distribution is the standard library's (`math.erfc` for the upper tail, exact far
out, and `statistics.NormalDist`): importing `scipy.stats` costs more than a second, which a
report that only tests proportions should not pay.
"""

from __future__ import annotations

import math
from statistics import NormalDist


def _upper_tail(z: float) -> float:
    """P(Z > z) for a standard normal Z (scipy's `norm.sf`)."""
    return 0.5 * math.erfc(z / math.sqrt(2))


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """(z, two-sided p) for H0: p1 == p2; (0, 1) when a group is empty or no variance."""
    if n1 == 0 or n2 == 0:
        return 0.0, 1.0
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return 0.0, 1.0
    z = (x1 / n1 - x2 / n2) / math.sqrt(variance)
    return z, 2 * _upper_tail(abs(z))


def mann_whitney_from_ranks(
    rank_sum: float, n1: int, n2: int, tie_term: float
) -> tuple[float, float]:
    """(U of group 1, two-sided p); `tie_term` is the sum of t^3 - t over tied groups."""
    if n1 == 0 or n2 == 0:
        return 0.0, 1.0
    u1 = rank_sum - n1 * (n1 + 1) / 2
    n = n1 + n2
    mean = n1 * n2 / 2
    variance = n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1)))
    if variance <= 0:
        return u1, 1.0
    u = max(u1, n1 * n2 - u1)
    z = (u - mean - 0.5) / math.sqrt(variance)
    return u1, min(1.0, 2 * _upper_tail(z))


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """BH-adjusted p-values in the input order: q_(i) = min_{j >= i} p_(j) m / j, capped at 1."""
    m = len(p_values)
    order = sorted(range(m), key=lambda k: p_values[k])
    adjusted = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        k = order[rank - 1]
        running = min(running, p_values[k] * m / rank)
        adjusted[k] = running
    return adjusted


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for successes/trials; (0, 1) with no trials."""
    if trials == 0:
        return 0.0, 1.0
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)
