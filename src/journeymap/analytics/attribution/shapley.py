"""Shapley value attribution over channel sets, exact by enumeration of all coalitions.

Coalition value: `v(S)` = conversions (or value) of the converting journeys whose set of distinct
labels is a subset of `S`. The Shapley value of label `i` is

    phi_i = sum over S not containing i of |S|! (n - |S| - 1)! / n! * (v(S + i) - v(S))

over the `n` labels. `v` of every coalition comes from a subset-sum (zeta) transform of the
conversions per exact label set, so the cost is O(n 2^n): exact and fast up to about 20 labels;
`max_labels` (default 15) guards against an accidental explosion. Because `v(N)` is all
conversions, the credits add up to the total (efficiency). With this coalition value the result
equals splitting each journey's conversions evenly over its distinct labels (the game is a sum of
unanimity games), which the tests use as an independent check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ibis
import numpy as np
import numpy.typing as npt

from journeymap.i18n import gettext as _

MAX_LABELS = 15

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LabelSets:
    labels: list[str]
    masks: list[tuple[int, float, float]]
    """(bit mask of the distinct labels, conversions, value) of converting journeys."""


def label_sets(touches: ibis.Table, *, max_labels: int = MAX_LABELS) -> LabelSets:
    """Conversions and value per exact set of labels, aggregated in Ibis."""
    converting = touches.filter(touches.conversions > 0)
    labels = sorted(str(x) for x in converting.select("label").distinct().to_pyarrow()["label"])
    if len(labels) > max_labels:
        raise ValueError(
            _(
                "Shapley attribution over {n_labels} labels needs 2^{n_labels} coalitions; the "
                "limit is {max_labels} (group labels or raise max_labels)",
                n_labels=len(labels),
                max_labels=max_labels,
            )
        )
    if not labels:
        return LabelSets([], [])
    bit = converting.label.cases(*[(label, 1 << k) for k, label in enumerate(labels)])
    distinct = converting.select(
        "journey", "conversions", "value", bit=bit.cast("int64")
    ).distinct()
    journeys = distinct.group_by("journey").aggregate(
        mask=distinct.bit.sum(),
        conversions=distinct.conversions.max(),
        value=distinct.value.max(),
    )
    per_set = journeys.group_by("mask").aggregate(
        conversions=journeys.conversions.sum(), value=journeys.value.sum()
    )
    rows = per_set.order_by("mask").to_pyarrow().to_pylist()
    return LabelSets(
        labels, [(int(r["mask"]), float(r["conversions"]), float(r["value"])) for r in rows]
    )


def shapley_values(sets: LabelSets) -> tuple[FloatArray, FloatArray]:
    """Shapley credits (conversions, value) per label, in the order of `sets.labels`."""
    n = len(sets.labels)
    if n == 0:
        return np.zeros(0), np.zeros(0)
    size = 1 << n
    game = np.zeros((size, 2))
    for mask, conversions, value in sets.masks:
        game[mask] += (conversions, value)
    for k in range(n):  # zeta transform: v(S) = sum of the exact-set amounts of its subsets
        bit = 1 << k
        with_bit = np.arange(size)[(np.arange(size) & bit) != 0]
        game[with_bit] += game[with_bit ^ bit]
    masks = np.arange(size)
    popcount = np.array([bin(m).count("1") for m in range(size)])
    coefficient = np.array(
        [math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)]
    )
    credits = np.zeros((n, 2))
    for k in range(n):
        bit = 1 << k
        without = masks[(masks & bit) == 0]
        weights = coefficient[popcount[without]]
        credits[k] = weights @ (game[without | bit] - game[without])
    return credits[:, 0], credits[:, 1]
