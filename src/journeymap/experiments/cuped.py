"""CUPED: variance reduction with a pre-period covariate (Deng et al., 2013).

Each unit's metric y becomes y - theta * x, with x its pre-experiment value and
theta = cov(y, x) / var(x) estimated on both variants pooled (so it does not depend on the
treatment). The difference of adjusted means estimates the same effect with variance shrunk by
1 - corr(y, x)^2; the relative lift keeps the unadjusted control mean as its denominator.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from journeymap.experiments.results import ArmSummary
from journeymap.experiments.summary import FloatArray


@dataclass(frozen=True)
class CupedArms:
    control: ArmSummary
    treatment: ArmSummary
    theta: float
    variance_reduction: float
    """1 - pooled variance of adjusted y / pooled variance of y: the share of variance removed."""


def cuped_theta(y: FloatArray, x: FloatArray) -> float:
    """cov(y, x) / var(x) on the pooled units; 0 when x does not vary."""
    variance = float(np.var(x, ddof=1))
    if variance == 0:
        return 0.0
    return float(np.cov(y, x, ddof=1)[0, 1] / variance)


def cuped_arms(
    control_y: FloatArray, control_x: FloatArray, treatment_y: FloatArray, treatment_x: FloatArray
) -> CupedArms:
    """Adjusted summaries of both arms, ready for `means.welch_t_test` or `bayesian`."""
    y = np.concatenate([control_y, treatment_y])
    x = np.concatenate([control_x, treatment_x])
    theta = cuped_theta(y, x)

    def arm(arm_y: FloatArray, arm_x: FloatArray) -> ArmSummary:
        adjusted = arm_y - theta * arm_x
        return ArmSummary(
            n=int(arm_y.size),
            mean=float(adjusted.mean()),
            variance=float(adjusted.var(ddof=1)) if arm_y.size > 1 else 0.0,
            baseline_mean=float(arm_y.mean()),
        )

    before = float(np.var(y, ddof=1))
    after = float(np.var(y - theta * x, ddof=1))
    return CupedArms(
        control=arm(control_y, control_x),
        treatment=arm(treatment_y, treatment_x),
        theta=theta,
        variance_reduction=1 - after / before if before > 0 else 0.0,
    )
