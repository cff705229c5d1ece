from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from journeymap.analytics.stats import (
    benjamini_hochberg,
    mann_whitney_from_ranks,
    two_proportion_z,
    wilson_interval,
)


def test_benjamini_hochberg_hand_example() -> None:
    # m = 5, sorted p: .01 .02 .03 .04 .05 -> p*m/rank = .05 .05 .05 .05 .05
    assert benjamini_hochberg([0.05, 0.01, 0.03, 0.02, 0.04]) == pytest.approx([0.05] * 5)
    # sorted .001 .03 .04 .6 -> p*4/rank = .004 .06 .0533 .6 -> running min from the top
    expected = [0.004, 0.16 / 3, 0.16 / 3, 0.6]
    assert benjamini_hochberg([0.001, 0.04, 0.03, 0.6]) == pytest.approx(expected)
    p = np.random.default_rng(3).uniform(size=40) ** 3
    assert benjamini_hochberg(list(p)) == pytest.approx(stats.false_discovery_control(p))


def test_two_proportion_z_equals_uncorrected_chi_square() -> None:
    z, p = two_proportion_z(45, 300, 30, 310)
    chi2, p_chi, _, _ = stats.chi2_contingency([[45, 255], [30, 280]], correction=False)
    assert z * z == pytest.approx(chi2)
    assert p == pytest.approx(p_chi)
    assert two_proportion_z(0, 0, 3, 10) == (0.0, 1.0)


def test_mann_whitney_from_rank_sums_matches_scipy() -> None:
    rng = np.random.default_rng(7)
    x = rng.integers(0, 20, size=37).astype(float)
    y = rng.integers(3, 25, size=51).astype(float)
    pooled = np.concatenate([x, y])
    ranks = stats.rankdata(pooled)
    _, counts = np.unique(pooled, return_counts=True)
    u, p = mann_whitney_from_ranks(
        float(ranks[: len(x)].sum()), len(x), len(y), float((counts**3 - counts).sum())
    )
    expected = stats.mannwhitneyu(x, y, method="asymptotic", use_continuity=True)
    assert u == pytest.approx(expected.statistic)
    assert p == pytest.approx(expected.pvalue)


def test_wilson_interval() -> None:
    low, high = wilson_interval(8, 10)
    # textbook value for 8/10 at 95 %: (0.490, 0.943)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert wilson_interval(0, 0) == (0.0, 1.0)
