"""Session co-visitation: items visited close together in the same sessions.

Works for anonymous visitors: `recommend_for_items` takes the items of the current session
(no person id needed); `recommend` uses the person's latest items."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from journeymap.i18n import gettext
from journeymap.personalize.recommenders.base import (
    Fitted,
    Recommender,
    RecommenderError,
    rank_items,
    result_frame,
)
from journeymap.personalize.recommenders.reasons import CO_VISITED, POPULAR, Reason


class CoVisitationRecommender(Recommender):
    """Counts pairs of distinct items at most `window` steps apart within a session (a
    person's interactions with gaps under `session_gap_minutes`), weighted by the pair's
    interaction weights. A person is scored from their `history` latest items, the newest
    counting most (each older one by `recency` less)."""

    positive_scores = True
    reason_kind = CO_VISITED

    def __init__(
        self,
        *,
        window: int = 5,
        session_gap_minutes: float = 30.0,
        history: int = 5,
        recency: float = 0.7,
        half_life_days: float | None = None,
        decay_per_person: bool = False,
    ) -> None:
        self.window = window
        self.session_gap_minutes = session_gap_minutes
        self.history = history
        self.recency = recency
        self.half_life_days = half_life_days
        self.decay_per_person = decay_per_person

    def _fit(self, fitted: Fitted) -> None:
        if self.window < 1 or self.history < 1:
            raise RecommenderError(gettext("window and history must be at least 1"))
        frame = fitted.frame.sort_values(["person", "timestamp", "item"], kind="stable")
        items = self.items_.get_indexer(frame["item"])
        persons = frame["person"].to_numpy()
        times = frame["timestamp"].to_numpy()
        weights = frame["weight"].to_numpy(np.float64)
        gap = np.timedelta64(int(self.session_gap_minutes * 60_000), "ms")
        new_session = np.ones(len(frame), dtype=bool)
        new_session[1:] = (persons[1:] != persons[:-1]) | (times[1:] - times[:-1] > gap)
        session = np.cumsum(new_session)
        left, right, value = [], [], []
        for step in range(1, self.window + 1):
            same = session[step:] == session[:-step]
            a, b = items[:-step][same], items[step:][same]
            distinct = a != b
            w = (weights[:-step][same] * weights[step:][same])[distinct] / step
            left += [a[distinct], b[distinct]]
            right += [b[distinct], a[distinct]]
            value += [w, w]
        size = len(self.items_)
        counts = sp.csr_matrix(
            (np.concatenate(value), (np.concatenate(left), np.concatenate(right))),
            shape=(size, size),
        )
        counts.sum_duplicates()
        self.covisits_ = counts
        # each person's `history` latest items, newest first: the frame is sorted by person
        # and time, so they are the end of her run of rows (sliced, not looked up per person:
        # a pandas lookup per person took over a minute at a hundred thousand persons)
        rows = self.persons_.get_indexer(persons)
        starts = np.flatnonzero(np.diff(rows, prepend=-1) != 0)
        ends = np.r_[starts[1:], len(rows)]
        self.latest_ = {
            int(rows[start]): items[max(start, end - self.history) : end][::-1]
            for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
        }

    def _query(self, recent: np.ndarray) -> np.ndarray:
        """Scores from items newest first."""
        # the same item twice in the history counts once, at its newest position
        _, first = np.unique(recent, return_index=True)
        recent = recent[np.sort(first)]
        weights = self.recency ** np.arange(len(recent))
        scores: np.ndarray = np.asarray(self.covisits_[recent].T @ weights).ravel()
        return scores

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        return np.vstack([self._query(self.latest_[int(r)]) for r in rows])

    def _similarity(self, seen: np.ndarray, items: np.ndarray) -> np.ndarray:
        block: np.ndarray = self.covisits_[seen][:, items].toarray()
        return block

    def recommend_for_items(self, item_ids: Any, n: int = 10) -> pd.DataFrame:
        """Recommendations for an anonymous session: `item_ids` newest first; the session's
        items are never recommended. Unknown items are ignored (popular items if none known)."""
        self._check_fitted()
        known = self.items_.get_indexer([str(i) for i in item_ids])
        recent = known[known >= 0][: self.history]
        scores = (
            self._query(recent) if len(recent) else np.zeros(len(self.items_), dtype=np.float64)
        )
        scores[recent] = -np.inf
        chosen = rank_items(scores, self.popularity_, n)
        reasons = []
        for item in chosen:
            if scores[item] > 0:
                source = recent[np.argmax(self.covisits_[recent][:, [item]].toarray().ravel())]
                reasons.append(Reason(CO_VISITED, item=str(self.items_[source])))
            else:
                reasons.append(Reason(POPULAR))
        return result_frame("", self.items_[chosen], scores[chosen], reasons)
