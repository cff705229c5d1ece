"""Content similarity (TF-IDF over tags and text): recommends items nobody has touched yet
(cold start) and items close to what a person liked ("reviews and cases close to the
profile")."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from journeymap.i18n import gettext as _
from journeymap.personalize.recommenders.base import (
    Fitted,
    Recommender,
    RecommenderError,
    rank_items,
    result_frame,
)
from journeymap.personalize.recommenders.reasons import SIMILAR_CONTENT, Reason

WORDS = r"(?u)\b\w[\w-]*\b"  # words and hyphenated tags ("cold-hardy")


class ContentRecommender(Recommender):
    """`items`: a frame with an `item` column and the text columns `text_columns` (lists of
    tags are joined). Each item becomes a TF-IDF vector (scikit-learn, word unigrams and
    bigrams); a person's profile is the weighted sum of the vectors of their items; items are
    scored by cosine to that profile. Items in `items` without any interaction are
    recommendable too."""

    positive_scores = True
    reason_kind = SIMILAR_CONTENT

    def __init__(
        self,
        *,
        items: pd.DataFrame | None = None,
        text_columns: tuple[str, ...] = ("title", "category", "tags"),
        min_df: int = 1,
        half_life_days: float | None = None,
        decay_per_person: bool = False,
    ) -> None:
        self.items = items
        self.text_columns = text_columns
        self.min_df = min_df
        self.half_life_days = half_life_days
        self.decay_per_person = decay_per_person

    def _item_universe(self, frame: pd.DataFrame) -> np.ndarray:
        catalog = self._catalog()
        universe: np.ndarray = np.union1d(frame["item"].unique(), catalog["item"].unique())
        return universe

    def _catalog(self) -> pd.DataFrame:
        if self.items is None or "item" not in self.items.columns:
            raise RecommenderError(_("ContentRecommender needs items: a frame with an item column"))
        catalog = self.items.copy()
        catalog["item"] = catalog["item"].astype(str)
        return catalog.drop_duplicates("item", keep="last")

    def _fit(self, fitted: Fitted) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        catalog = self._catalog().set_index("item").reindex(self.items_)
        present = [c for c in self.text_columns if c in catalog.columns]
        if not present:
            raise RecommenderError(
                _(
                    "the items have none of the text columns {text_columns}",
                    text_columns=", ".join(self.text_columns),
                )
            )
        texts = [" ".join(_text(row[c]) for c in present) for _, row in catalog.iterrows()]
        vectorizer = TfidfVectorizer(min_df=self.min_df, ngram_range=(1, 2), token_pattern=WORDS)
        try:
            self.item_vectors_ = vectorizer.fit_transform(texts).tocsr()
        except ValueError:  # every text empty: no vocabulary
            self.item_vectors_ = sp.csr_matrix((len(self.items_), 1))
        self.vocabulary_size_ = self.item_vectors_.shape[1]

    def _profile_scores(self, profile: sp.spmatrix) -> np.ndarray:
        norms = np.sqrt(np.asarray(profile.multiply(profile).sum(axis=1))).ravel() + 1e-12
        scores: np.ndarray = (profile @ self.item_vectors_.T).toarray() / norms[:, None]
        return scores

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        return self._profile_scores(self.weights_[rows] @ self.item_vectors_)

    def _similarity(self, seen: np.ndarray, items: np.ndarray) -> np.ndarray:
        block: np.ndarray = (self.item_vectors_[seen] @ self.item_vectors_[items].T).toarray()
        return block

    def recommend_for_items(self, item_ids: Any, n: int = 10) -> pd.DataFrame:
        """Items whose content is closest to `item_ids` (which are not recommended)."""
        self._check_fitted()
        known = self.items_.get_indexer([str(i) for i in item_ids])
        known = known[known >= 0]
        query = sp.csr_matrix(
            (np.ones(len(known)), (np.zeros(len(known), dtype=np.int64), known)),
            shape=(1, len(self.items_)),
        )
        scores = self._profile_scores(query @ self.item_vectors_)[0]
        scores[known] = -np.inf
        chosen = rank_items(scores, self.popularity_, n)
        reasons = [Reason("popular")] * len(chosen)
        if len(known) and len(chosen):
            best = known[np.argmax(self._similarity(known, chosen), axis=0)]
            reasons = [
                Reason(SIMILAR_CONTENT, item=str(self.items_[b])) if scores[c] > 0 else r
                for b, c, r in zip(best, chosen, reasons, strict=True)
            ]
        return result_frame("", self.items_[chosen], scores[chosen], reasons)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, list | tuple | np.ndarray):
        return " ".join(str(v) for v in value)
    return str(value).replace("|", " ")
