"""Most popular items: of everyone, or of the person's group (segment, region, ...)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from journeymap.i18n import gettext as _
from journeymap.personalize.recommenders.base import Fitted, Recommender, RecommenderError
from journeymap.personalize.recommenders.reasons import POPULAR, POPULAR_IN_GROUP, Reason


class PopularityRecommender(Recommender):
    """Items ranked by their (decayed) interaction weight.

    `group`: a column of the interactions (e.g. `region`, `segment`); each person gets the
    items popular in their group (their latest value), ranked after by global popularity.
    `half_life_days` makes recent interest count more ("trending")."""

    def __init__(
        self,
        *,
        group: str | None = None,
        half_life_days: float | None = None,
        decay_per_person: bool = False,
    ) -> None:
        self.group = group
        self.half_life_days = half_life_days
        self.decay_per_person = decay_per_person

    def _fit(self, fitted: Fitted) -> None:
        self.item_scores_ = np.asarray(fitted.matrix.sum(axis=0), dtype=np.float64).ravel()
        self.group_of_ = np.full(len(self.persons_), -1, dtype=np.int64)
        self.groups_ = pd.Index([])
        self.group_scores_ = np.zeros((0, len(self.items_)))
        if self.group is None:
            return
        frame = fitted.frame
        if self.group not in frame.columns:
            raise RecommenderError(
                _("the interactions have no column {group!r} to group by", group=self.group)
            )
        known = frame[frame[self.group].notna()]
        latest = known.sort_values("timestamp", kind="stable").groupby("person")[self.group].last()
        self.groups_ = pd.Index(np.sort(latest.astype(str).unique()))
        self.group_of_[self.persons_.get_indexer(latest.index)] = self.groups_.get_indexer(
            pd.Index(latest.astype(str))
        )
        per_person = fitted.matrix
        scores = np.zeros((len(self.groups_), len(self.items_)))
        for index in range(len(self.groups_)):
            members = np.flatnonzero(self.group_of_ == index)
            scores[index] = np.asarray(per_person[members].sum(axis=0)).ravel()
        self.group_scores_ = scores

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        base = self.item_scores_ / max(self.item_scores_.max(), 1e-12)
        scores = np.tile(base, (len(rows), 1))
        groups = self.group_of_[rows]
        grouped = groups >= 0
        if grouped.any():
            # group popularity first, global popularity (< 1) breaks the ties within it
            scores[grouped] += self.group_scores_[groups[grouped]] * (base.max() + 1.0)
        return scores

    def _explain(self, row: int, items: np.ndarray, scores: np.ndarray) -> list[Reason]:
        index = self.group_of_[row]
        if index < 0 or self.group is None:
            return [Reason(POPULAR)] * len(items)
        value = str(self.groups_[index])
        in_group = self.group_scores_[index, items] > 0
        return [
            Reason(POPULAR_IN_GROUP, group=self.group, value=value) if hit else Reason(POPULAR)
            for hit in in_group
        ]
