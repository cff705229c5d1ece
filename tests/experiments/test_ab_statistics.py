"""Our A/B numbers equal scipy's and GrowthBook's (gbstats) on the same inputs.

gbstats 0.8 pins numpy<2 and pandas<2, so it is not a declared dependency (see
docs/experiments.md); its checks run where it is importable and are skipped elsewhere, while
the scipy checks always run."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from journeymap.experiments import (
    chance_to_win,
    cuped_arms,
    proportion,
    sample_ratio_check,
    sequential_test,
    summarize,
    two_proportion_test,
    welch_t_test,
)

RNG = np.random.default_rng(7)
CONTROL = RNG.gamma(2.0, 10.0, size=800)
TREATMENT = RNG.gamma(2.0, 11.0, size=760)


def test_welch_equals_scipy() -> None:
    ours = welch_t_test(summarize(CONTROL), summarize(TREATMENT))
    theirs = stats.ttest_ind(TREATMENT, CONTROL, equal_var=False)
    assert ours.statistic == pytest.approx(theirs.statistic, rel=1e-10)
    assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-10)
    interval = theirs.confidence_interval(0.95)
    assert (ours.ci_low, ours.ci_high) == pytest.approx((interval.low, interval.high), rel=1e-10)


def test_two_proportion_z_equals_the_chi_square_test() -> None:
    # the pooled z test is the 2x2 chi-square test without continuity correction: z^2 = chi2
    ours = two_proportion_test(proportion(120, 1000), proportion(150, 1010))
    table = [[120, 880], [150, 860]]
    chi2, p_value, _, _ = stats.chi2_contingency(table, correction=False)
    assert ours.statistic**2 == pytest.approx(chi2, rel=1e-10)
    assert ours.p_value == pytest.approx(p_value, rel=1e-10)
    assert ours.difference == pytest.approx(150 / 1010 - 120 / 1000)
    assert ours.lift == pytest.approx((150 / 1010) / (120 / 1000) - 1)


def test_sample_ratio_check_equals_scipy_and_flags_a_skewed_split() -> None:
    even = sample_ratio_check({"a": 5000, "b": 5050})
    assert even.p_value == pytest.approx(stats.chisquare([5000, 5050]).pvalue)
    assert not even.mismatch
    skewed = sample_ratio_check({"a": 5000, "b": 5400})
    assert skewed.mismatch
    planned = sample_ratio_check({"a": 9000, "b": 1000}, {"a": 0.9, "b": 0.1})
    assert planned.expected == {"a": 9000.0, "b": 1000.0}
    assert planned.p_value == pytest.approx(1.0)


def test_cuped_shrinks_the_interval_and_keeps_the_effect() -> None:
    rng = np.random.default_rng(3)
    pre = rng.normal(100, 20, size=4000)
    post = pre * 0.9 + rng.normal(0, 8, size=4000)
    treated = np.arange(4000) % 2 == 1
    post[treated] += 2.0
    arms = cuped_arms(post[~treated], pre[~treated], post[treated], pre[treated])
    adjusted = welch_t_test(arms.control, arms.treatment)
    plain = welch_t_test(summarize(post[~treated]), summarize(post[treated]))
    assert arms.theta == pytest.approx(np.cov(post, pre)[0, 1] / np.var(pre, ddof=1))
    assert arms.variance_reduction > 0.7
    assert adjusted.ci_high - adjusted.ci_low < 0.6 * (plain.ci_high - plain.ci_low)
    assert adjusted.ci_low < 2.0 < adjusted.ci_high


def test_sequential_interval_is_wider_than_the_fixed_one_and_contains_the_estimate() -> None:
    fixed = welch_t_test(summarize(CONTROL), summarize(TREATMENT))
    always = sequential_test(summarize(CONTROL), summarize(TREATMENT))
    assert always.ci_low < fixed.ci_low < fixed.difference < fixed.ci_high < always.ci_high
    assert always.p_value >= fixed.p_value


def test_chance_to_win_is_the_normal_tail_of_the_relative_lift() -> None:
    control, treatment = proportion(100, 1000), proportion(130, 1000)
    result = chance_to_win(control, treatment)
    assert result.lift == pytest.approx(0.3)
    # var_t / (p_c^2 n_t) + var_c p_t^2 / (p_c^4 n_c)
    variance = 0.13 * 0.87 / (0.01 * 1000) + 0.1 * 0.9 * 0.13**2 / (0.1**4 * 1000)
    assert result.lift_std == pytest.approx(math.sqrt(variance))
    assert result.chance_to_win == pytest.approx(stats.norm.sf(0, 0.3, math.sqrt(variance)))


# --- GrowthBook's engine on the same inputs -------------------------------------------------


def _gbstats() -> object:
    return pytest.importorskip("gbstats.bayesian.tests")


def _sample_mean(values: np.ndarray) -> object:
    from gbstats.models.statistics import SampleMeanStatistic

    return SampleMeanStatistic(
        n=values.size, sum=float(values.sum()), sum_squares=float((values**2).sum())
    )


def test_bayesian_equals_gbstats_for_means_and_proportions() -> None:
    _gbstats()
    from gbstats.bayesian.tests import EffectBayesianABTest
    from gbstats.models.statistics import ProportionStatistic

    gb = EffectBayesianABTest(_sample_mean(CONTROL), _sample_mean(TREATMENT)).compute_result()
    ours = chance_to_win(summarize(CONTROL), summarize(TREATMENT))
    assert ours.chance_to_win == pytest.approx(gb.chance_to_win, rel=1e-9)
    assert [ours.ci_low, ours.ci_high] == pytest.approx(gb.ci, rel=1e-9)
    assert ours.lift == pytest.approx(gb.expected, rel=1e-9)
    assert [ours.risk_control, ours.risk_treatment] == pytest.approx(gb.risk, rel=1e-6)

    gb = EffectBayesianABTest(
        ProportionStatistic(n=2000, sum=210), ProportionStatistic(n=1980, sum=243)
    ).compute_result()
    ours = chance_to_win(proportion(210, 2000), proportion(243, 1980))
    assert ours.chance_to_win == pytest.approx(gb.chance_to_win, rel=1e-9)
    assert [ours.ci_low, ours.ci_high] == pytest.approx(gb.ci, rel=1e-9)


def test_relative_lift_interval_equals_gbstats_t_test() -> None:
    _gbstats()
    from gbstats.frequentist.tests import TwoSidedTTest

    gb = TwoSidedTTest(_sample_mean(CONTROL), _sample_mean(TREATMENT)).compute_result()
    ours = welch_t_test(summarize(CONTROL), summarize(TREATMENT))
    assert ours.lift == pytest.approx(gb.expected, rel=1e-9)
    assert [ours.lift_ci_low, ours.lift_ci_high] == pytest.approx(gb.ci, rel=1e-9)


def test_sequential_interval_equals_gbstats() -> None:
    _gbstats()
    from gbstats.frequentist.tests import SequentialConfig, SequentialTwoSidedTTest

    absolute = SequentialConfig(difference_type="absolute", sequential_tuning_parameter=5000)
    gb = SequentialTwoSidedTTest(_sample_mean(CONTROL), _sample_mean(TREATMENT), absolute)
    result = gb.compute_result()
    ours = sequential_test(summarize(CONTROL), summarize(TREATMENT), tuning=5000)
    assert [ours.ci_low, ours.ci_high] == pytest.approx(result.ci, rel=1e-9)
    assert ours.p_value == pytest.approx(result.p_value, rel=1e-9)
    relative = SequentialTwoSidedTTest(_sample_mean(CONTROL), _sample_mean(TREATMENT))
    assert [ours.lift_ci_low, ours.lift_ci_high] == pytest.approx(
        relative.compute_result().ci, rel=1e-9
    )


def test_cuped_equals_gbstats_regression_adjustment() -> None:
    _gbstats()
    from gbstats.frequentist.tests import FrequentistConfig, TwoSidedTTest
    from gbstats.models.statistics import RegressionAdjustedStatistic

    rng = np.random.default_rng(5)
    pre = rng.normal(50, 10, size=1200)
    post = 0.8 * pre + rng.normal(0, 6, size=1200) + (np.arange(1200) % 2) * 1.5
    treated = np.arange(1200) % 2 == 1

    def adjusted(mask: np.ndarray) -> RegressionAdjustedStatistic:
        return RegressionAdjustedStatistic(
            n=int(mask.sum()),
            post_statistic=_sample_mean(post[mask]),
            pre_statistic=_sample_mean(pre[mask]),
            post_pre_sum_of_products=float((post[mask] * pre[mask]).sum()),
            theta=0,
        )

    config = FrequentistConfig(difference_type="absolute")
    gb = TwoSidedTTest(adjusted(~treated), adjusted(treated), config).compute_result()
    arms = cuped_arms(post[~treated], pre[~treated], post[treated], pre[treated])
    ours = welch_t_test(arms.control, arms.treatment)
    assert ours.difference == pytest.approx(gb.expected, rel=1e-9)
    assert [ours.ci_low, ours.ci_high] == pytest.approx(gb.ci, rel=1e-9)
    assert ours.p_value == pytest.approx(gb.p_value, rel=1e-6)


def test_sample_ratio_check_equals_gbstats() -> None:
    _gbstats()
    from gbstats.utils import check_srm

    ours = sample_ratio_check({"a": 1040, "b": 980, "c": 1012}, {"a": 1, "b": 1, "c": 1})
    assert ours.p_value == pytest.approx(check_srm([1040, 980, 1012], [1, 1, 1]), rel=1e-9)
