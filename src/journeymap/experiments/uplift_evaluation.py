"""Fit uplift models on a stratified split and score them on the held-out half."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from journeymap.experiments.uplift_data import UpliftData
from journeymap.experiments.uplift_metrics import qini_auc, uplift_at_k
from journeymap.experiments.uplift_models import LEARNERS

Estimator = Literal["logistic", "boosting"]
DEFAULT_KS = (0.1, 0.2, 0.3)


def make_estimator(name: Estimator, seed: int = 42) -> Any:
    """The base classifier: scaled logistic regression (fast, the default) or gradient
    boosting (shallow trees: uplift is a weak signal and deep trees fit noise)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if name == "boosting":
        return HistGradientBoostingClassifier(
            max_depth=3, learning_rate=0.05, max_iter=100, random_state=seed
        )
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


@dataclass
class UpliftScore:
    learner: str
    estimator: str
    uplift_at: dict[float, float]
    qini_auc: float
    fit_seconds: float
    test_units: int

    def row(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class UpliftSplit:
    train: list[int] = field(default_factory=list)
    test: list[int] = field(default_factory=list)


def stratified_split(data: UpliftData, *, test_size: float = 0.5, seed: int = 42) -> UpliftSplit:
    """Train/test row numbers, stratified by treatment and target together (the published
    protocol of the Hillstrom benchmark)."""
    from sklearn.model_selection import train_test_split

    rows = np.arange(data.target.size)
    strata = data.treatment * 2 + data.target
    train, test = train_test_split(rows, test_size=test_size, random_state=seed, stratify=strata)
    return UpliftSplit(train=[int(i) for i in train], test=[int(i) for i in test])


def evaluate_uplift(
    data: UpliftData,
    *,
    learners: tuple[str, ...] = tuple(LEARNERS),
    estimator: Estimator = "logistic",
    test_size: float = 0.5,
    seed: int = 42,
    ks: tuple[float, ...] = DEFAULT_KS,
) -> list[UpliftScore]:
    """Each learner fitted on the training part, uplift@k (by group) and Qini AUC on the rest."""
    split = stratified_split(data, test_size=test_size, seed=seed)
    train, test = np.asarray(split.train), np.asarray(split.test)
    scores = []
    for name in learners:
        model = LEARNERS[name](make_estimator(estimator, seed))
        started = time.perf_counter()
        model.fit(data.features[train], data.target[train], data.treatment[train])
        seconds = time.perf_counter() - started
        predicted = model.predict(data.features[test])
        y, t = data.target[test], data.treatment[test]
        scores.append(
            UpliftScore(
                learner=name,
                estimator=estimator,
                uplift_at={k: uplift_at_k(y, t, predicted, k=k) for k in ks},
                qini_auc=float(qini_auc(y, t, predicted)),
                fit_seconds=seconds,
                test_units=int(test.size),
            )
        )
    return scores
