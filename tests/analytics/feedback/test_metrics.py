"""The evaluation measures against values worked out by hand."""

from __future__ import annotations

import pytest

from journeymap.analytics.feedback.metrics import (
    accuracy,
    adjusted_rand_index,
    macro_f1,
    precision_recall_f1,
    purity,
)


def test_adjusted_rand_index_by_hand() -> None:
    # Contingency {(0,0): 2, (1,1): 1, (1,2): 1}: index 1, rows 2, columns 1, pairs 6,
    # expected 1/3, maximum 3/2 -> (1 - 1/3) / (3/2 - 1/3) = 4/7.
    assert adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(4 / 7)
    assert adjusted_rand_index(list("aabb"), list("xxyy")) == pytest.approx(1.0)
    assert adjusted_rand_index(list("aaaa"), list("xxyy")) == pytest.approx(0.0)


def test_purity_accuracy_and_f1() -> None:
    assert purity(list("aabb"), list("xxxy")) == pytest.approx(3 / 4)
    gold = ["p", "p", "n", "n"]
    predicted = ["p", "n", "n", "n"]
    assert accuracy(gold, predicted) == pytest.approx(0.75)
    assert precision_recall_f1(gold, predicted, "n") == pytest.approx((2 / 3, 1.0, 0.8))
    assert macro_f1(gold, predicted) == pytest.approx((2 / 3 + 0.8) / 2)
