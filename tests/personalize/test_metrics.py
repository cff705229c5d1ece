"""The ranking metrics against cases computed by hand."""

from __future__ import annotations

import math

import pytest

from journeymap.personalize.evaluation import (
    catalog_coverage,
    map_at_k,
    ndcg_at_k,
    novelty,
    recall_at_k,
)

# person a: hits at ranks 1 and 3 of 2 relevant; person b: one hit at rank 2 of 3 relevant
RECOMMENDED = {"a": ["x", "y", "z", "w"], "b": ["x", "q", "r", "s"]}
RELEVANT = {"a": {"x", "z"}, "b": {"q", "m", "n"}}


def test_recall_is_hits_over_relevant() -> None:
    # a: 2/2 at k=3; b: 1/3
    assert recall_at_k(RECOMMENDED, RELEVANT, 3) == pytest.approx((1.0 + 1 / 3) / 2)
    # at k=1: a 1/2, b 0
    assert recall_at_k(RECOMMENDED, RELEVANT, 1) == pytest.approx(0.25)


def test_ndcg_discounts_by_log_rank() -> None:
    a = (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    b = (1 / math.log2(3)) / (1 + 1 / math.log2(3) + 1 / math.log2(4))
    assert ndcg_at_k(RECOMMENDED, RELEVANT, 3) == pytest.approx((a + b) / 2)
    assert ndcg_at_k({"a": ["x", "z"]}, {"a": {"x", "z"}}, 2) == pytest.approx(1.0)


def test_map_averages_precision_at_each_hit() -> None:
    a = (1 / 1 + 2 / 3) / 2
    b = (1 / 2) / 3
    assert map_at_k(RECOMMENDED, RELEVANT, 3) == pytest.approx((a + b) / 2)
    # k=2 caps the denominator at min(k, |relevant|) = 2 for b
    assert map_at_k({"b": ["q", "m"]}, {"b": {"q", "m", "n"}}, 2) == pytest.approx(1.0)


def test_persons_without_relevant_items_are_skipped_and_missing_lists_score_zero() -> None:
    relevant = {"a": {"x"}, "c": set(), "d": {"x"}}
    assert recall_at_k({"a": ["x"]}, relevant, 5) == pytest.approx(0.5)
    assert ndcg_at_k({}, {}, 5) == 0.0


def test_coverage_and_novelty() -> None:
    assert catalog_coverage(RECOMMENDED, 10, 2) == pytest.approx(3 / 10)  # x, y, q
    # x seen by 4 of 8 persons (-log2 0.5 = 1), y by 1 (3), unknown items count as 1 (3)
    value = novelty({"a": ["x", "y"], "b": ["new"]}, {"x": 4, "y": 1}, 8, 2)
    assert value == pytest.approx((1 + 3 + 3) / 3)
