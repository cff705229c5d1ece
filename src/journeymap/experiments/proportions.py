"""Two-proportion z test: conversion in control against conversion in treatment."""

from __future__ import annotations

import math

from journeymap.experiments.results import ArmSummary, Effect
from journeymap.experiments.summary import relative_lift, relative_lift_variance


def two_proportion_test(
    control: ArmSummary, treatment: ArmSummary, *, alpha: float = 0.05
) -> Effect:
    """z test of p_t - p_c = 0 with the pooled standard error; the interval of the difference
    uses the unpooled one (Wald), the interval of the relative lift the delta method.

    Arms come from `summary.proportion(successes, n)`."""
    from scipy.stats import norm

    n_c, n_t = control.n, treatment.n
    p_c, p_t = control.mean, treatment.mean
    pooled = (p_c * n_c + p_t * n_t) / (n_c + n_t)
    pooled_se = math.sqrt(pooled * (1 - pooled) * (1 / n_c + 1 / n_t))
    difference = p_t - p_c
    z = difference / pooled_se if pooled_se > 0 else 0.0
    p_value = float(2 * norm.sf(abs(z)))
    quantile = float(norm.ppf(1 - alpha / 2))
    se = math.sqrt(p_c * (1 - p_c) / n_c + p_t * (1 - p_t) / n_t)
    lift = relative_lift(control, treatment) if p_c > 0 else math.nan
    lift_se = math.sqrt(relative_lift_variance(control, treatment)) if p_c > 0 else math.nan
    return Effect(
        method="two-proportion z",
        difference=difference,
        ci_low=difference - quantile * se,
        ci_high=difference + quantile * se,
        lift=lift,
        lift_ci_low=lift - quantile * lift_se,
        lift_ci_high=lift + quantile * lift_se,
        statistic=z,
        p_value=p_value,
        alpha=alpha,
    )
