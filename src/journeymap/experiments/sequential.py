"""Always-valid (sequential) confidence intervals: peek as often as you like.

The asymptotic confidence sequence of Waudby-Smith et al. (2023, eq. 9), a normal mixture in
the style of mSPRT, as GrowthBook runs it. With N units so far, sigma^2 = N * var(estimate) and
rho tuned for an expected N (`tuning`, 5000 by default):

    half-width = sigma * sqrt(2 (N rho^2 + 1) / (N rho)^2 * log(sqrt(N rho^2 + 1) / alpha))

The interval holds at every N at once with probability 1 - alpha; the always-valid p-value is
1 / e-value of the mixture. The price is a wider interval than the fixed-horizon one.
"""

from __future__ import annotations

import math

from journeymap.experiments.results import ArmSummary, Effect
from journeymap.experiments.summary import relative_lift, relative_lift_variance

DEFAULT_TUNING = 5000


def mixture_rho(alpha: float, tuning: float = DEFAULT_TUNING) -> float:
    """The mixture's spread, optimal for `tuning` units (eq. 161 of the paper)."""
    log_alpha = -2 * math.log(alpha)
    return math.sqrt((log_alpha + math.log(log_alpha + 1)) / tuning)


def _half_width(variance: float, total: int, rho: float, alpha: float) -> float:
    spread = total * rho**2 + 1
    return math.sqrt(variance * total) * math.sqrt(
        2 * spread * math.log(math.sqrt(spread) / alpha) / (total * rho) ** 2
    )


def _always_valid_p(estimate: float, variance: float, total: int, rho: float) -> float:
    if variance <= 0:
        return 1.0
    st2 = estimate**2 * total / variance
    spread = total * rho**2 + 1
    log_evalue = rho**2 * st2 / (2 * spread) - 0.5 * math.log(spread)
    return min(1.0, math.exp(-log_evalue))


def sequential_test(
    control: ArmSummary,
    treatment: ArmSummary,
    *,
    alpha: float = 0.05,
    tuning: float = DEFAULT_TUNING,
) -> Effect:
    """Always-valid intervals for the difference and the relative lift, with the always-valid
    p-value of the difference (the statistic is the log e-value)."""
    total = control.n + treatment.n
    rho = mixture_rho(alpha, tuning)
    difference = treatment.mean - control.mean
    variance = control.variance / control.n + treatment.variance / treatment.n
    width = _half_width(variance, total, rho, alpha)
    has_baseline = control.baseline_mean != 0
    lift = relative_lift(control, treatment) if has_baseline else math.nan
    lift_width = (
        _half_width(relative_lift_variance(control, treatment), total, rho, alpha)
        if has_baseline
        else math.nan
    )
    p_value = _always_valid_p(difference, variance, total, rho)
    return Effect(
        method="sequential",
        difference=difference,
        ci_low=difference - width,
        ci_high=difference + width,
        lift=lift,
        lift_ci_low=lift - lift_width,
        lift_ci_high=lift + lift_width,
        statistic=-math.log(p_value) if p_value > 0 else math.inf,
        p_value=p_value,
        alpha=alpha,
    )
