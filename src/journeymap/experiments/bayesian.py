"""Bayesian chance to win, as GrowthBook computes it (its effect model with a flat prior).

The relative lift (m_t - m_c) / m_c is taken as normal around its estimate with the
delta-method variance; chance to win is P(lift > 0), the credible interval its quantiles, and
the risk of a choice the expected lift lost if that choice is wrong.
"""

from __future__ import annotations

import math

from journeymap.experiments.results import ArmSummary, BayesianEffect
from journeymap.experiments.summary import relative_lift, relative_lift_variance


def chance_to_win(
    control: ArmSummary, treatment: ArmSummary, *, alpha: float = 0.05
) -> BayesianEffect:
    """Chance that treatment beats control on the relative lift, with risk and interval."""
    from scipy.stats import norm

    if control.baseline_mean == 0 or control.n == 0 or treatment.n == 0:
        nan = math.nan
        return BayesianEffect(nan, nan, nan, nan, nan, nan, nan)
    mean = relative_lift(control, treatment)
    std = math.sqrt(relative_lift_variance(control, treatment))
    if std == 0:
        win = 1.0 if mean > 0 else 0.0 if mean < 0 else 0.5
        return BayesianEffect(mean, 0.0, mean, mean, win, max(mean, 0.0), max(-mean, 0.0))
    win = float(norm.sf(0, mean, std))
    low, high = (float(v) for v in norm.ppf([alpha / 2, 1 - alpha / 2], mean, std))
    # E[lift; lift > 0] and E[lift; lift < 0] of a normal: mean * P +- std * pdf(mean / std).
    density = float(norm.pdf(mean / std))
    gain = mean * win + std * density
    loss = mean * (1 - win) - std * density
    return BayesianEffect(
        lift=mean,
        lift_std=std,
        ci_low=low,
        ci_high=high,
        chance_to_win=win,
        risk_control=gain,
        risk_treatment=-loss,
    )
