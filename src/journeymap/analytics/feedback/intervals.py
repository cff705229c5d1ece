"""Confidence intervals of feedback scores, computed from aggregates (counts, sums, squares).

- NPS = % promoters (9-10) - % detractors (0-6). With p and d the shares of promoters and
  detractors among n answers, the answer is a multinomial draw and
  Var(p - d) = (p + d - (p - d)^2) / n, so SE(NPS) = 100 * sqrt((p + d - (p - d)^2) / n) and
  the 95% interval is NPS +- 1.96 SE, clipped to -100..100.
- A mean (CSAT, CES, star rating, sentiment) uses Student's t interval with n - 1 degrees of
  freedom over the sample standard deviation.
- A share (CSAT "top-2 box", 4-5) uses the Wilson score interval, which stays inside 0..1 and
  behaves for small n and shares near 0 or 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

CONFIDENCE = 0.95
Z = NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)


@dataclass(frozen=True)
class Interval:
    """An estimate with its standard error and a 95% interval (NaN when undefined)."""

    value: float
    se: float
    low: float
    high: float


_UNDEFINED = Interval(math.nan, math.nan, math.nan, math.nan)


def nps_interval(promoters: int, detractors: int, answers: int) -> Interval:
    """NPS on the -100..100 scale with its multinomial standard error."""
    if answers <= 0:
        return _UNDEFINED
    p = promoters / answers
    d = detractors / answers
    nps = 100 * (p - d)
    se = 100 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / answers)
    return Interval(nps, se, max(-100.0, nps - Z * se), min(100.0, nps + Z * se))


def mean_interval(answers: int, total: float, total_squares: float) -> Interval:
    """The mean of `answers` values with a t interval, from their sum and sum of squares."""
    if answers <= 0:
        return _UNDEFINED
    mean = total / answers
    if answers == 1:
        return Interval(mean, math.nan, math.nan, math.nan)
    # Sum of squared deviations; clipped because rounding can make it slightly negative.
    deviations = max(total_squares - answers * mean * mean, 0.0)
    sd = math.sqrt(deviations / (answers - 1))
    se = sd / math.sqrt(answers)
    # scipy.special, not scipy.stats: the same quantile for a third of the import time
    from scipy.special import stdtrit

    t = float(stdtrit(answers - 1, 0.5 + CONFIDENCE / 2))
    return Interval(mean, se, mean - t * se, mean + t * se)


def share_interval(hits: int, answers: int) -> Interval:
    """A proportion with the Wilson score interval."""
    if answers <= 0:
        return _UNDEFINED
    share = hits / answers
    se = math.sqrt(share * (1 - share) / answers)
    z2 = Z * Z
    centre = (share + z2 / (2 * answers)) / (1 + z2 / answers)
    half = (Z / (1 + z2 / answers)) * math.sqrt(
        share * (1 - share) / answers + z2 / (4 * answers * answers)
    )
    return Interval(share, se, max(0.0, centre - half), min(1.0, centre + half))
