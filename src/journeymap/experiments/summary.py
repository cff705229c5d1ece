"""Per-variant summaries of a metric column."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from journeymap.experiments.results import ArmSummary

FloatArray = npt.NDArray[np.float64]


def summarize(values: Iterable[float] | FloatArray) -> ArmSummary:
    """Units, mean and sample variance (ddof 1) of one variant's metric values."""
    array = np.asarray(values, dtype=float)
    n = int(array.size)
    mean = float(array.mean()) if n else float("nan")
    variance = float(array.var(ddof=1)) if n > 1 else 0.0
    return ArmSummary(n=n, mean=mean, variance=variance, baseline_mean=mean)


def proportion(successes: int, n: int) -> ArmSummary:
    """A conversion: `successes` of `n` units. Its variance is p(1 - p), as for proportions."""
    p = successes / n if n else float("nan")
    return ArmSummary(n=n, mean=p, variance=p * (1 - p), baseline_mean=p)


def relative_lift_variance(control: ArmSummary, treatment: ArmSummary) -> float:
    """Delta-method variance of (mean_t - mean_c) / baseline_c (GrowthBook's formula):
    var_t / (m_c^2 n_t) + var_c m_t^2 / (m_c^4 n_c)."""
    m_c = control.baseline_mean
    return float(
        treatment.variance / (m_c**2 * treatment.n)
        + control.variance * treatment.baseline_mean**2 / (m_c**4 * control.n)
    )


def relative_lift(control: ArmSummary, treatment: ArmSummary) -> float:
    return (treatment.mean - control.mean) / control.baseline_mean
