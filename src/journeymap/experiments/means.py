"""Welch's t test for a difference of means with unequal variances."""

from __future__ import annotations

import math

from journeymap.experiments.results import ArmSummary, Effect
from journeymap.experiments.summary import relative_lift, relative_lift_variance


def welch_degrees_of_freedom(control: ArmSummary, treatment: ArmSummary) -> float:
    """Welch-Satterthwaite degrees of freedom."""
    a = control.variance / control.n
    b = treatment.variance / treatment.n
    denominator = a**2 / (control.n - 1) + b**2 / (treatment.n - 1)
    return (a + b) ** 2 / denominator if denominator > 0 else math.inf


def welch_t_test(
    control: ArmSummary, treatment: ArmSummary, *, alpha: float = 0.05, method: str = "Welch t"
) -> Effect:
    """t = (m_t - m_c) / sqrt(s_t^2/n_t + s_c^2/n_c) on Welch's degrees of freedom; the relative
    lift's interval uses the delta-method variance on the same degrees of freedom (as GrowthBook).

    Arms come from `summary.summarize(values)` (or `cuped.cuped_arms` for adjusted means)."""
    from scipy.stats import t as student

    difference = treatment.mean - control.mean
    se = math.sqrt(control.variance / control.n + treatment.variance / treatment.n)
    dof = welch_degrees_of_freedom(control, treatment)
    statistic = difference / se if se > 0 else 0.0
    p_value = float(2 * student.sf(abs(statistic), dof)) if se > 0 else 1.0
    quantile = float(student.ppf(1 - alpha / 2, dof))
    has_baseline = control.baseline_mean != 0
    lift = relative_lift(control, treatment) if has_baseline else math.nan
    lift_se = math.sqrt(relative_lift_variance(control, treatment)) if has_baseline else math.nan
    return Effect(
        method=method,
        difference=difference,
        ci_low=difference - quantile * se,
        ci_high=difference + quantile * se,
        lift=lift,
        lift_ci_low=lift - quantile * lift_se,
        lift_ci_high=lift + quantile * lift_se,
        statistic=statistic,
        p_value=p_value,
        alpha=alpha,
    )
