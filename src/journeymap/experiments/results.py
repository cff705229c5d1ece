"""Typed results of the A/B statistics: one estimate per method, tidy as a dict row."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ArmSummary:
    """One variant's metric: units, mean and sample variance (n - 1), and the mean before any
    covariate adjustment (`baseline_mean`, the denominator of the relative lift)."""

    n: int
    mean: float
    variance: float
    baseline_mean: float

    @property
    def standard_error(self) -> float:
        return float((self.variance / self.n) ** 0.5) if self.n > 0 else float("nan")


@dataclass(frozen=True)
class Effect:
    """A frequentist comparison of treatment with control.

    `difference` is treatment - control (absolute), with its interval; `lift` is the relative
    difference (treatment - control) / control, with its delta-method interval; `p_value` tests
    difference = 0."""

    method: str
    difference: float
    ci_low: float
    ci_high: float
    lift: float
    lift_ci_low: float
    lift_ci_high: float
    statistic: float
    p_value: float
    alpha: float

    def row(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BayesianEffect:
    """GrowthBook's effect model with a flat prior: the relative lift is normal with the
    delta-method variance. `chance_to_win` is P(lift > 0); `risk_control` / `risk_treatment`
    are the expected relative loss of choosing control / treatment."""

    lift: float
    lift_std: float
    ci_low: float
    ci_high: float
    chance_to_win: float
    risk_control: float
    risk_treatment: float

    def row(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SampleRatioCheck:
    """Pearson chi-square of the observed units per variant against the planned split."""

    observed: dict[str, int]
    expected: dict[str, float]
    statistic: float
    p_value: float
    threshold: float

    @property
    def mismatch(self) -> bool:
        return self.p_value < self.threshold

    def row(self) -> dict[str, Any]:
        return asdict(self) | {"mismatch": self.mismatch}
