"""ALS and BPR from the `implicit` library (CPU), behind the recommender grammar."""

from __future__ import annotations

from typing import Any

import numpy as np

from journeymap.personalize.recommenders.base import Fitted
from journeymap.personalize.recommenders.factors import FactorRecommender


def _train(model: Any, fitted: Fitted) -> tuple[np.ndarray, np.ndarray]:
    from threadpoolctl import threadpool_limits

    # implicit runs its own threads; a BLAS thread pool on top of them only slows it down
    # (implicit warns about it), so BLAS gets one thread while it trains.
    with threadpool_limits(1, "blas"):
        model.fit(fitted.matrix.tocsr(), show_progress=False)
    return np.asarray(model.user_factors), np.asarray(model.item_factors)


class ALSRecommender(FactorRecommender):
    """Implicit-feedback ALS (Hu, Koren, Volinsky 2008) from `implicit`: confidence
    1 + `alpha`·weight, `factors` latent dimensions, L2 `regularization`."""

    def __init__(
        self,
        *,
        factors: int = 64,
        regularization: float = 0.05,
        alpha: float = 1.0,
        iterations: int = 15,
        random_state: int = 0,
        half_life_days: float | None = None,
        decay_per_person: bool = False,
    ) -> None:
        self.factors = factors
        self.regularization = regularization
        self.alpha = alpha
        self.iterations = iterations
        self.random_state = random_state
        self.half_life_days = half_life_days
        self.decay_per_person = decay_per_person

    def _fit(self, fitted: Fitted) -> None:
        from implicit.cpu.als import AlternatingLeastSquares
        from threadpoolctl import threadpool_limits

        # imported first: the limit applies to the BLAS libraries loaded at that moment
        with threadpool_limits(1, "blas"):
            model = AlternatingLeastSquares(
                factors=self.factors,
                regularization=self.regularization,
                alpha=self.alpha,
                iterations=self.iterations,
                random_state=self.random_state,
            )
        self.person_factors_, self.item_factors_ = _train(model, fitted)


class BPRRecommender(FactorRecommender):
    """Bayesian Personalized Ranking (Rendle et al. 2009) from `implicit`, trained by SGD on
    (person, seen item, unseen item) triples. The item factors carry a bias column."""

    def __init__(
        self,
        *,
        factors: int = 64,
        learning_rate: float = 0.05,
        regularization: float = 0.01,
        iterations: int = 100,
        random_state: int = 0,
        half_life_days: float | None = None,
        decay_per_person: bool = False,
    ) -> None:
        self.factors = factors
        self.learning_rate = learning_rate
        self.regularization = regularization
        self.iterations = iterations
        self.random_state = random_state
        self.half_life_days = half_life_days
        self.decay_per_person = decay_per_person

    def _fit(self, fitted: Fitted) -> None:
        from implicit.cpu.bpr import BayesianPersonalizedRanking

        model = BayesianPersonalizedRanking(
            factors=self.factors,
            learning_rate=self.learning_rate,
            regularization=self.regularization,
            iterations=self.iterations,
            random_state=self.random_state,
            num_threads=1,  # deterministic: parallel Hogwild SGD depends on thread timing
        )
        self.person_factors_, self.item_factors_ = _train(model, fitted)
