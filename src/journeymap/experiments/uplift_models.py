"""Uplift models on any scikit-learn classifier: who should get the message at all.

Each follows scikit-learn's grammar: `__init__` stores parameters, `fit(x, y, treatment)`
returns self, learned state ends in `_`, `predict(x)` returns the uplift
P(y=1 | treated, x) - P(y=1 | control, x) (class transformation: a score that ranks the same).

- `SLearner` (one model): the treatment flag is one more feature; uplift is the difference
  of its predictions with the flag set to 1 and to 0.
- `TLearner` (two models): one model on the treated, one on the control.
- `ClassTransformation` (Jaskowski and Jaroszewicz, 2012): z = 1 when a treated unit responds
  or a control unit does not; with a 50/50 split, uplift = 2 P(z=1 | x) - 1.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.ArrayLike
FloatArray = npt.NDArray[np.float64]


def _clone(estimator: Any) -> Any:
    from sklearn.base import clone

    return clone(estimator)


def _positive(model: Any, features: Any) -> FloatArray:
    return np.asarray(model.predict_proba(features)[:, 1], dtype=float)


def _as_arrays(x: Array, y: Array, treatment: Array) -> tuple[FloatArray, FloatArray, FloatArray]:
    features = np.asarray(x, dtype=float)
    target = np.asarray(y, dtype=float)
    flags = np.asarray(treatment, dtype=float)
    if not (features.shape[0] == target.size == flags.size):
        raise ValueError("X, y and treatment must have the same number of rows")
    if not (np.isin(flags, (0.0, 1.0)).all() and flags.any() and (1 - flags).any()):
        raise ValueError("treatment must be 0/1 with both groups present")
    return features, target, flags


class SLearner:
    """One classifier with the treatment flag as its last feature."""

    def __init__(self, estimator: Any) -> None:
        self.estimator = estimator

    def fit(self, x: Array, y: Array, treatment: Array) -> SLearner:
        features, target, flags = _as_arrays(x, y, treatment)
        self.model_ = _clone(self.estimator).fit(np.column_stack([features, flags]), target)
        return self

    def predict(self, x: Array) -> FloatArray:
        features = np.asarray(x, dtype=float)
        ones, zeros = np.ones(features.shape[0]), np.zeros(features.shape[0])
        treated = _positive(self.model_, np.column_stack([features, ones]))
        control = _positive(self.model_, np.column_stack([features, zeros]))
        return treated - control


class TLearner:
    """One classifier per group (the same estimator, cloned)."""

    def __init__(self, estimator: Any) -> None:
        self.estimator = estimator

    def fit(self, x: Array, y: Array, treatment: Array) -> TLearner:
        features, target, flags = _as_arrays(x, y, treatment)
        treated = flags == 1
        self.treated_model_ = _clone(self.estimator).fit(features[treated], target[treated])
        self.control_model_ = _clone(self.estimator).fit(features[~treated], target[~treated])
        return self

    def predict(self, x: Array) -> FloatArray:
        features = np.asarray(x, dtype=float)
        return _positive(self.treated_model_, features) - _positive(self.control_model_, features)


class ClassTransformation:
    """One classifier on the transformed target z = y * t + (1 - y) * (1 - t)."""

    def __init__(self, estimator: Any) -> None:
        self.estimator = estimator

    def fit(self, x: Array, y: Array, treatment: Array) -> ClassTransformation:
        features, target, flags = _as_arrays(x, y, treatment)
        transformed = target * flags + (1 - target) * (1 - flags)
        self.model_ = _clone(self.estimator).fit(features, transformed)
        # The identity uplift = 2 P(z=1) - 1 needs a 50/50 split; report it so users can check.
        self.treated_share_ = float(flags.mean())
        return self

    def predict(self, x: Array) -> FloatArray:
        return 2 * _positive(self.model_, np.asarray(x, dtype=float)) - 1


LEARNERS: dict[str, type[SLearner] | type[TLearner] | type[ClassTransformation]] = {
    "s-learner": SLearner,
    "t-learner": TLearner,
    "class-transformation": ClassTransformation,
}
"""The uplift models by the names the CLI and the benchmark use."""
