"""Adjusting p-values across metrics: Holm (family-wise error) and Benjamini-Hochberg (false
discovery rate)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

Correction = Literal["holm", "bh"]


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values: the k-th smallest times (m - k + 1), made monotone."""
    p = np.asarray(p_values, dtype=float)
    m = p.size
    order = np.argsort(p, kind="stable")
    stepped = np.minimum(1.0, np.maximum.accumulate(p[order] * (m - np.arange(m))))
    adjusted = np.empty(m)
    adjusted[order] = stepped
    return [float(v) for v in adjusted]


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values), by scipy."""
    from scipy.stats import false_discovery_control

    if not p_values:
        return []
    return [float(v) for v in false_discovery_control(np.asarray(p_values, dtype=float))]


def adjust_p_values(p_values: Sequence[float], method: Correction) -> list[float]:
    return holm(p_values) if method == "holm" else benjamini_hochberg(p_values)
