"""EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): a closed-form item-item model."""

from __future__ import annotations

import numpy as np

from journeymap.i18n import gettext as _
from journeymap.personalize.recommenders.base import Fitted, Recommender, RecommenderError
from journeymap.personalize.recommenders.gram import gram, inverse_spd
from journeymap.personalize.recommenders.reasons import SIMILAR_TO_ITEM


class EASERecommender(Recommender):
    """B = argmin ||X - XB||² + l2·||B||², diag(B) = 0, solved in closed form from the item
        Gram matrix: one inversion of an items x items matrix (memory ~ 8·items² bytes; fine up to
        some 20,000 items on one machine). Scores are X·B. Items seen by fewer than `min_persons`
    persons are left out of the inversion (score 0; the cost grows with the cube of the items)."""

    reason_kind = SIMILAR_TO_ITEM

    def __init__(
        self,
        *,
        l2: float = 500.0,
        min_persons: int = 1,
        half_life_days: float | None = None,
        decay_per_person: bool = False,
    ) -> None:
        self.l2 = l2
        self.min_persons = min_persons
        self.half_life_days = half_life_days
        self.decay_per_person = decay_per_person

    def _fit(self, fitted: Fitted) -> None:
        if self.l2 <= 0:
            raise RecommenderError(_("l2 must be positive"))
        persons = np.asarray(self.seen_.sum(axis=0)).ravel()
        self.modelled_ = np.flatnonzero(persons >= self.min_persons)
        matrix = fitted.matrix[:, self.modelled_]
        product = gram(matrix)
        product[np.diag_indices_from(product)] += self.l2
        precision = inverse_spd(product)
        modelled = precision / (-np.diag(precision))
        np.fill_diagonal(modelled, 0.0)
        # items below min_persons score 0: rows and columns of zeros
        weights = np.zeros((len(self.items_), len(self.items_)), dtype=np.float32)
        weights[np.ix_(self.modelled_, self.modelled_)] = modelled
        self.weights_matrix_ = weights

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        scores: np.ndarray = np.asarray(self.weights_[rows] @ self.weights_matrix_)
        return scores

    def _similarity(self, seen: np.ndarray, items: np.ndarray) -> np.ndarray:
        block: np.ndarray = self.weights_matrix_[np.ix_(seen, items)]
        return block
