"""The uplift learners find a planted effect; Hillstrom meets the published figure."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from journeymap.experiments import (
    ClassTransformation,
    ExperimentInputError,
    SLearner,
    TLearner,
    evaluate_uplift,
    qini_auc,
    uplift_data,
)
from tests.conftest import dataset

HILLSTROM_FEATURES = ["recency", "history", "mens", "womens", "zip_code", "newbie", "channel"]
PUBLISHED_UPLIFT_AT_30 = 0.0661  # scikit-uplift's tutorial pipeline


def _planted(n: int = 6000, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Only units with x0 > 0 respond to the treatment."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    t = rng.integers(0, 2, n)
    p = 0.1 + 0.3 * t * (x[:, 0] > 0)
    return x, (rng.random(n) < p).astype(int), t


@pytest.mark.parametrize("learner", [SLearner, TLearner, ClassTransformation])
def test_each_learner_ranks_the_persuadable_first(learner: type) -> None:
    x, y, t = _planted()
    model = learner(LogisticRegression()).fit(x[:4000], y[:4000], t[:4000])
    predicted = model.predict(x[4000:])
    assert predicted.shape == (2000,)
    assert np.corrcoef(predicted, x[4000:, 0])[0, 1] > 0.5
    assert qini_auc(y[4000:], t[4000:], predicted) > 0.2


def test_fit_refuses_a_single_group() -> None:
    x, y, _ = _planted(100)
    with pytest.raises(ValueError, match="both groups"):
        TLearner(LogisticRegression()).fit(x, y, np.ones(100))


def test_uplift_data_encodes_labels_and_counts_left_out_rows() -> None:
    frame = pd.DataFrame(
        {
            "group": ["mail", "none", "sms", "mail", "none"],
            "visit": [1, 0, 1, 0, 1],
            "city": ["a", "b", "a", "b", "a"],
            "age": [30, 40, 50, 20, 35],
        }
    )
    data = uplift_data(frame, treatment="group", target="visit", treated="mail", control="none")
    assert data.left_out == 1
    assert data.treatment.tolist() == [1, 0, 1, 0]
    assert data.feature_names == ["age", "city_a", "city_b"]
    with pytest.raises(ExperimentInputError, match="not 0/1"):
        uplift_data(frame, treatment="group", target="visit")
    with pytest.raises(ExperimentInputError, match="no value 'post'"):
        uplift_data(frame, treatment="group", target="visit", treated="post")
    with pytest.raises(ExperimentInputError, match="must be 0/1"):
        uplift_data(frame, treatment="group", target="age", treated="mail", control="none")


@pytest.mark.data
def test_hillstrom_meets_the_published_uplift_at_30(real_data: Path) -> None:
    frame = pd.read_csv(dataset(real_data, "hillstrom", "hillstrom.csv"))
    data = uplift_data(
        frame,
        treatment="segment",
        target="visit",
        treated="Womens E-Mail",
        control="No E-Mail",
        features=HILLSTROM_FEATURES,
    )
    assert data.target.size == 21387 + 21306
    scores = {s.learner: s for s in evaluate_uplift(data, learners=("t-learner",))}
    best = scores["t-learner"]
    assert best.test_units == pytest.approx(data.target.size / 2, abs=1)
    assert best.uplift_at[0.3] >= PUBLISHED_UPLIFT_AT_30
    assert best.qini_auc > 0.05
