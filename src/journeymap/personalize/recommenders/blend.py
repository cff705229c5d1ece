"""A weighted blend of recommenders: each source scores every item, scores are normalized per
person and summed with the sources' weights. The reason of an item is the reason given by the
source that contributed most to its score."""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd

from journeymap.i18n import gettext as _
from journeymap.personalize.recommenders.base import Fitted, Recommender, RecommenderError
from journeymap.personalize.recommenders.reasons import POPULAR, Reason

NORMALIZATIONS = ("max", "rank")

_last = threading.local()
"""The contributions of this thread's last one-person `_scores` call: (blend, rows,
contributions). `_top` explains the items `_scores` just scored; reusing them saves about a
third of a serving request (`recommend_one`)."""


class BlendRecommender(Recommender):
    """`sources`: pairs (recommender, weight). The recommenders given are not fitted
    themselves: unfitted copies are, and kept in `sources_`.

    `normalize="max"` divides each source's scores by the person's best unseen score (scores
    <= 0 count 0); `"rank"` uses reciprocal ranks 1 / (`rank_offset` + rank), which needs no
    comparable scale at all."""

    positive_scores = True

    def __init__(
        self,
        *,
        sources: tuple[tuple[Recommender, float], ...] = (),
        normalize: str = "max",
        rank_offset: float = 10.0,
    ) -> None:
        self.sources = sources
        self.normalize = normalize
        self.rank_offset = rank_offset

    def fit(self, interactions: pd.DataFrame) -> BlendRecommender:
        if not self.sources:
            raise RecommenderError(_("a blend needs at least one (recommender, weight) source"))
        if self.normalize not in NORMALIZATIONS:
            raise RecommenderError(
                _(
                    "normalize must be one of {normalizations}",
                    normalizations=", ".join(NORMALIZATIONS),
                )
            )
        _last.value = None
        self.sources_ = [(model.clone().fit(interactions), float(w)) for model, w in self.sources]
        super().fit(interactions)
        return self

    def _item_universe(self, frame: pd.DataFrame) -> np.ndarray:
        universe: np.ndarray = np.unique(np.concatenate([m.items_ for m, _ in self.sources_]))
        return universe

    def _fit(self, fitted: Fitted) -> None:
        self.source_rows_ = [m.persons_.get_indexer(self.persons_) for m, _ in self.sources_]
        self.source_columns_ = [self.items_.get_indexer(m.items_) for m, _ in self.sources_]

    def _contributions(self, rows: np.ndarray) -> np.ndarray:
        """sources x persons x items: each source's weighted, normalized scores."""
        out = np.zeros((len(self.sources_), len(rows), len(self.items_)))
        for k, (model, weight) in enumerate(self.sources_):
            source_rows = self.source_rows_[k][rows]
            known = source_rows >= 0
            if not known.any():
                continue
            raw = np.asarray(model._scores(source_rows[known]), dtype=np.float64)
            seen = model.seen_[source_rows[known]].toarray() > 0
            raw[seen] = -np.inf
            normalized = self._normalized(raw)
            block = np.zeros((int(known.sum()), len(self.items_)))
            block[:, self.source_columns_[k]] = normalized
            out[k, known] = weight * block
        return out

    def _normalized(self, raw: np.ndarray) -> np.ndarray:
        if self.normalize == "rank":
            order = np.argsort(-raw, axis=1, kind="stable")
            ranks = np.empty_like(order)
            np.put_along_axis(ranks, order, np.arange(raw.shape[1])[None, :], axis=1)
            result: np.ndarray = 1.0 / (self.rank_offset + 1.0 + ranks)
            result[~np.isfinite(raw)] = 0.0
            return result
        positive = np.where(np.isfinite(raw), np.maximum(raw, 0.0), 0.0)
        best = positive.max(axis=1, keepdims=True)
        scaled: np.ndarray = positive / np.where(best > 0, best, 1.0)
        return scaled

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        contributions = self._contributions(rows)
        # one person (the serving path) only: a batch's contributions may be large to keep
        _last.value = (self, np.asarray(rows), contributions) if len(rows) == 1 else None
        total: np.ndarray = contributions.sum(axis=0)
        return total

    def _row_contributions(self, row: int) -> np.ndarray:
        """sources x items for one person: from the last `_scores` call when it scored her."""
        last = getattr(_last, "value", None)
        if last is not None and last[0] is self:
            found = np.flatnonzero(last[1] == row)
            if len(found):
                cached: np.ndarray = last[2][:, int(found[0]), :]
                return cached
        fresh: np.ndarray = self._contributions(np.array([row]))[:, 0, :]
        return fresh

    def _explain(self, row: int, items: np.ndarray, scores: np.ndarray) -> list[Reason]:
        contributions = self._row_contributions(row)[:, items]
        leader = np.argmax(contributions, axis=0)
        reasons: list[Reason] = [Reason(POPULAR)] * len(items)
        for k, (model, _weight) in enumerate(self.sources_):
            mine = np.flatnonzero((leader == k) & (contributions[k] > 0))
            source_row = int(self.source_rows_[k][row])
            if not len(mine) or source_row < 0:
                continue
            columns = model.items_.get_indexer(self.items_[items[mine]])
            given = model._explain(source_row, columns, scores[mine])
            for position, reason in zip(mine, given, strict=True):
                reasons[position] = reason
        return reasons
