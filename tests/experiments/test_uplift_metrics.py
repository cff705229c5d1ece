"""Qini and uplift@k against hand-computed cases and, where installed, scikit-uplift."""

from __future__ import annotations

import numpy as np
import pytest

from journeymap.experiments import qini_auc, qini_curve, uplift_at_k

#            units ranked by score, best first
Y = np.array([1, 0, 1, 0, 0, 1, 0, 0])
T = np.array([1, 0, 1, 0, 1, 0, 1, 0])
SCORE = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])


def test_qini_curve_by_hand() -> None:
    curve = qini_curve(Y, T, SCORE)
    # top n: treated responders - control responders * treated / control
    # n=1: 1 - 0; n=2: 1 - 0*1/1; n=3: 2 - 0; n=4: 2 - 0; n=5: 2 - 0*3/2; n=6: 2 - 1*3/3 = 1;
    # n=7: 2 - 1*4/3; n=8: 2 - 1*4/4 = 1
    assert curve.targeted.tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 8]
    assert curve.gain == pytest.approx([0, 1, 1, 2, 2, 2, 1, 2 - 4 / 3, 1])


def test_ties_are_taken_together() -> None:
    curve = qini_curve([1, 0, 0, 1], [1, 1, 0, 0], [0.5, 0.5, 0.5, 0.1])
    assert curve.targeted.tolist() == [0, 3, 4]
    assert curve.gain == pytest.approx([0, 1 - 0 * 2 / 1, 1 - 1 * 2 / 2])


def test_uplift_at_k_by_hand() -> None:
    # by group, k=0.5: treated top 2 of [1,1,0,0] -> 1.0; control top 2 of [0,0,1,0] -> 0.0
    assert uplift_at_k(Y, T, SCORE, k=0.5) == pytest.approx(1.0)
    # overall, k=0.5: top 4 units: treated [1,1] -> 1.0, control [0,0] -> 0.0
    assert uplift_at_k(Y, T, SCORE, k=0.5, strategy="overall") == pytest.approx(1.0)
    # reversed ranking puts the control responder first
    assert uplift_at_k(Y, T, -SCORE, k=0.5) == pytest.approx(0.0 - 0.5)


def test_qini_auc_is_one_for_the_perfect_ranking_and_near_zero_for_noise() -> None:
    perfect = Y * T - Y * (1 - T)
    assert qini_auc(Y, T, perfect) == pytest.approx(1.0)
    rng = np.random.default_rng(0)
    y, t = rng.integers(0, 2, 20000), rng.integers(0, 2, 20000)
    assert abs(qini_auc(y, t, rng.random(20000))) < 0.05


def test_bad_arrays_are_refused() -> None:
    with pytest.raises(ValueError, match="0/1"):
        qini_auc([2, 0], [1, 0], [0.1, 0.2])
    with pytest.raises(ValueError, match="both treated and control"):
        uplift_at_k([1, 0], [1, 1], [0.1, 0.2])
    with pytest.raises(ValueError, match="share"):
        uplift_at_k(Y, T, SCORE, k=1.5)


# scikit-uplift 0.5.1 calls a scikit-learn helper deprecated in 1.8; not ours to fix
@pytest.mark.filterwarnings("ignore:Function stable_cumsum is deprecated:FutureWarning")
def test_equal_to_scikit_uplift_on_the_same_arrays() -> None:
    metrics = pytest.importorskip("sklift.metrics")
    rng = np.random.default_rng(11)
    n = 3000
    t = rng.integers(0, 2, n)
    score = np.round(rng.normal(size=n), 2)  # rounded: ties happen
    y = (rng.random(n) < 0.1 + 0.05 * t * (score > 0)).astype(int)
    assert qini_auc(y, t, score) == pytest.approx(metrics.qini_auc_score(y, score, t), rel=1e-9)
    x_theirs, y_theirs = metrics.qini_curve(y, score, t)
    ours = qini_curve(y, t, score)
    assert ours.targeted == pytest.approx(x_theirs)
    assert ours.gain == pytest.approx(y_theirs)
    for strategy in ("by_group", "overall"):
        for k in (0.1, 0.3, 0.5):
            theirs = metrics.uplift_at_k(y, score, t, strategy=strategy, k=k)
            assert uplift_at_k(y, t, score, k=k, strategy=strategy) == pytest.approx(theirs)
