"""What matrix factorization models share: scores are person factors · item factors."""

from __future__ import annotations

import numpy as np

from journeymap.personalize.recommenders.base import Recommender
from journeymap.personalize.recommenders.reasons import SIMILAR_TO_ITEM


class FactorRecommender(Recommender):
    """Learned state: `person_factors_` (persons x f) and `item_factors_` (items x f). The
    reason for an item is the seen item closest to it in factor space (cosine)."""

    reason_kind = SIMILAR_TO_ITEM
    person_factors_: np.ndarray
    item_factors_: np.ndarray

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        scores: np.ndarray = self.person_factors_[rows] @ self.item_factors_.T
        return scores

    def _similarity(self, seen: np.ndarray, items: np.ndarray) -> np.ndarray:
        factors = self.item_factors_
        norms = np.linalg.norm(factors, axis=1) + 1e-12
        left = factors[seen] / norms[seen, None]
        right = factors[items] / norms[items, None]
        block: np.ndarray = left @ right.T
        return block
