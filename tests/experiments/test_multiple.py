"""Holm and Benjamini-Hochberg against hand-computed cases."""

from __future__ import annotations

import pytest

from journeymap.experiments import adjust_p_values, benjamini_hochberg, holm


def test_holm_by_hand() -> None:
    # sorted 0.01, 0.02, 0.03, 0.04 -> x4, x3, x2, x1 = 0.04, 0.06, 0.06, 0.04 -> monotone
    assert holm([0.03, 0.01, 0.04, 0.02]) == pytest.approx([0.06, 0.04, 0.06, 0.06])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])


def test_benjamini_hochberg_by_hand() -> None:
    # sorted p * m / rank: 0.01*4/1=0.04, 0.02*4/2=0.04, 0.03*4/3=0.04, 0.04*4/4=0.04
    assert benjamini_hochberg([0.03, 0.01, 0.04, 0.02]) == pytest.approx([0.04] * 4)
    # 0.001*3=0.003, 0.04*3/2=0.06, 0.05*3/3=0.05 -> running min from the top: 0.05, 0.05
    assert benjamini_hochberg([0.05, 0.001, 0.04]) == pytest.approx([0.05, 0.003, 0.05])


def test_adjust_dispatches_and_handles_empty() -> None:
    assert adjust_p_values([0.01, 0.02], "holm") == holm([0.01, 0.02])
    assert adjust_p_values([0.01, 0.02], "bh") == benjamini_hochberg([0.01, 0.02])
    assert holm([]) == []
    assert benjamini_hochberg([]) == []
