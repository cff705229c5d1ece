"""Item-based k nearest neighbours: items like the ones the person interacted with."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from journeymap.i18n import gettext as _
from journeymap.personalize.recommenders.base import Fitted, Recommender, RecommenderError
from journeymap.personalize.recommenders.gram import gram
from journeymap.personalize.recommenders.reasons import SIMILAR_TO_ITEM

SIMILARITIES = ("cosine", "bm25")


class ItemKNNRecommender(Recommender):
    """Cosine similarity between item columns, keeping each item's `k` nearest neighbours.

    `similarity="bm25"` first reweights the person x item matrix with Okapi BM25 (`bm25_k1`,
    `bm25_b`), which damps heavy users and very popular items. `shrink` is added to the cosine
    denominator (pulls similarities of rarely co-seen pairs towards 0)."""

    positive_scores = True
    reason_kind = SIMILAR_TO_ITEM

    def __init__(
        self,
        *,
        k: int = 100,
        similarity: str = "cosine",
        shrink: float = 0.0,
        bm25_k1: float = 1.2,
        bm25_b: float = 0.75,
        half_life_days: float | None = None,
        decay_per_person: bool = False,
    ) -> None:
        self.k = k
        self.similarity = similarity
        self.shrink = shrink
        self.bm25_k1 = bm25_k1
        self.bm25_b = bm25_b
        self.half_life_days = half_life_days
        self.decay_per_person = decay_per_person

    def _fit(self, fitted: Fitted) -> None:
        if self.similarity not in SIMILARITIES:
            raise RecommenderError(
                _("similarity must be one of {similarities}", similarities=", ".join(SIMILARITIES))
            )
        if self.k < 1:
            raise RecommenderError(_("k must be at least 1"))
        matrix = fitted.matrix.astype(np.float64)
        if self.similarity == "bm25":
            matrix = bm25_weight(matrix, self.bm25_k1, self.bm25_b)
        product = gram(matrix)
        norms = np.sqrt(np.diag(product)).astype(np.float32)
        product /= np.outer(norms, norms) + self.shrink + 1e-12
        np.fill_diagonal(product, 0.0)
        self.similarity_ = top_k_columns(product, self.k)

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        scores: np.ndarray = (self.weights_[rows] @ self.similarity_).toarray()
        return scores

    def _similarity(self, seen: np.ndarray, items: np.ndarray) -> np.ndarray:
        block: np.ndarray = self.similarity_[seen][:, items].toarray()
        return block


def bm25_weight(matrix: sp.csr_matrix, k1: float, b: float) -> sp.csr_matrix:
    """Okapi BM25 weights of a persons x items matrix (items are the "terms")."""
    weighted = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
    persons = weighted.shape[0]
    idf = np.log(persons / (1.0 + np.bincount(weighted.indices, minlength=weighted.shape[1])))
    idf = np.maximum(idf, 0.0) + 1e-6
    lengths = np.diff(weighted.indptr).astype(np.float64)
    average = lengths.mean() if len(lengths) else 1.0
    length_norm = (1.0 - b) + b * lengths / max(average, 1e-12)
    row_of = np.repeat(np.arange(persons), np.diff(weighted.indptr))
    tf = weighted.data
    weighted.data = tf * (k1 + 1.0) / (k1 * length_norm[row_of] + tf) * idf[weighted.indices]
    return weighted


def top_k_columns(dense: np.ndarray, k: int) -> sp.csr_matrix:
    """Keep, in every column, the `k` largest positive entries (the item's neighbours)."""
    size = dense.shape[0]
    if k < size:
        keep = np.argpartition(-dense, k - 1, axis=0)[:k]
        cols = np.broadcast_to(np.arange(dense.shape[1]), keep.shape)
        values = dense[keep, cols]
        pruned = sp.csc_matrix(
            (values.ravel(), (keep.ravel(), cols.ravel())), shape=dense.shape
        ).tocsr()
    else:
        pruned = sp.csr_matrix(dense)
    pruned.data[pruned.data < 0] = 0.0
    pruned.eliminate_zeros()
    return pruned
