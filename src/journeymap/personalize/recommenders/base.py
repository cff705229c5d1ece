"""The recommender grammar every model follows (scikit-learn's): parameters in `__init__`,
stored as given; `fit(interactions)` learns state whose names end in `_` and returns self;
`recommend(person_ids, n, exclude_seen=True)` returns a tidy frame (see `RESULT_COLUMNS`).

A subclass implements `_fit` (learn from the interaction matrix) and `_scores` (a dense score
row per known person); it may override `_explain` (why each item). The base class handles
everything shared: ids to rows, time decay, masking seen items, ranking with a documented
tie-break (score, then popularity, then item id), and the popularity fallback for persons it
never saw, so an unknown person gets popular items, not an error.
"""

from __future__ import annotations

import copy
import inspect
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Final, NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from journeymap.i18n import gettext as _
from journeymap.personalize.interactions import decayed, validate
from journeymap.personalize.recommenders.reasons import POPULAR, Reason

RESULT_COLUMNS: Final = (
    "person",
    "item",
    "score",
    "rank",
    "reason",
    "reason_item",
    "reason_group",
    "reason_value",
)
"""One row per recommended item: `rank` starts at 1; `reason` is a kind from `reasons`,
`reason_item` the item that made it similar, `reason_group`/`reason_value` the group it is
popular in (e.g. `region`/`Siberia`). Reasons are data: sentences are made later, per language."""
BATCH: Final = 512  # persons scored at once: bounds the dense score block to BATCH x items


class RecommenderError(ValueError):
    """A recommender used wrongly: not fitted, bad parameters."""


@dataclass(frozen=True)
class Fitted:
    """What every model learns first: ids, the weighted matrix and who saw what."""

    matrix: sp.csr_matrix  # persons x items, summed (decayed) weights, float32
    frame: pd.DataFrame  # the validated interactions


class Recommender(ABC):
    """Base class; see the module docstring."""

    positive_scores: ClassVar[bool] = False
    """True when a score of 0 means "no evidence" (neighbourhood models): such items rank by
    popularity after the items with evidence, and their reason is popularity."""

    half_life_days: float | None = None
    decay_per_person: bool = False

    # ---- scikit-learn style parameters -------------------------------------------------------
    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return [p for p in signature.parameters if p != "self"]

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters, as given."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> Recommender:
        for name, value in params.items():
            if name not in self._param_names():
                raise RecommenderError(
                    _("{model} has no parameter {name!r}", model=type(self).__name__, name=name)
                )
            setattr(self, name, value)
        return self

    def clone(self) -> Recommender:
        """An unfitted copy with the same parameters (copied; what cannot be copied, such as
        a SparkSession, is shared)."""
        return type(self)(**{k: _copied(v) for k, v in self.get_params().items()})

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({params})"

    # ---- fitting -----------------------------------------------------------------------------
    def fit(self, interactions: pd.DataFrame) -> Recommender:
        """Learn from interactions (columns person, item, weight, timestamp, ...)."""
        frame = validate(interactions)
        self.persons_ = pd.Index(np.sort(frame["person"].unique()))
        self.items_ = pd.Index(self._item_universe(frame))
        rows = self.persons_.get_indexer(frame["person"])
        cols = self.items_.get_indexer(frame["item"])
        weights = decayed(frame, self.half_life_days, per_person=self.decay_per_person)
        shape = (len(self.persons_), len(self.items_))
        matrix = sp.csr_matrix(
            (weights.to_numpy(np.float32), (rows, cols)), shape=shape, dtype=np.float32
        )
        matrix.sum_duplicates()
        matrix.sort_indices()
        # a long-decayed interaction still counts as seen: keep it as the smallest weight
        matrix.data = np.maximum(matrix.data, np.finfo(np.float32).tiny)
        self.weights_ = matrix
        self.seen_ = matrix.copy()
        self.seen_.data[:] = 1.0
        # popularity: distinct persons per item (the fallback and the tie-break everywhere)
        self.popularity_ = np.asarray(self.seen_.sum(axis=0)).ravel()
        self._fit(Fitted(matrix=matrix, frame=frame))
        return self

    def _item_universe(self, frame: pd.DataFrame) -> np.ndarray:
        universe: np.ndarray = np.sort(frame["item"].unique())
        return universe

    @abstractmethod
    def _fit(self, fitted: Fitted) -> None:
        """Learn the model's own state (the shared state is already set)."""

    @abstractmethod
    def _scores(self, rows: np.ndarray) -> np.ndarray:
        """Dense scores, one row per person row index, one column per item."""

    reason_kind: ClassVar[str] = POPULAR
    """The kind of reason `_explain` gives when the model has an item-item similarity."""

    def _similarity(self, seen: np.ndarray, items: np.ndarray) -> np.ndarray | None:
        """Similarity of seen items (rows) to recommended items (columns), if the model has
        one; the default `_explain` names the seen item that contributes most."""
        return None

    def _explain(self, row: int, items: np.ndarray, scores: np.ndarray) -> list[Reason]:
        """Why each recommended item (column indices) for person `row`."""
        start, end = self.seen_.indptr[row], self.seen_.indptr[row + 1]
        seen = self.seen_.indices[start:end]
        similarity = self._similarity(seen, items) if len(seen) and len(items) else None
        if similarity is None:
            return [Reason(POPULAR)] * len(items)
        strength = self.weights_of(row)[:, None] * np.asarray(similarity)
        best = seen[np.argmax(strength, axis=0)]
        return [Reason(self.reason_kind, item=str(self.items_[j])) for j in best]

    def weights_of(self, row: int) -> np.ndarray:
        """The (decayed) weights of the items person `row` has seen, in `seen_` order."""
        matrix = self.weights_
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        weights: np.ndarray = matrix.data[start:end]
        return weights

    # ---- recommending ------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "items_"):
            raise RecommenderError(
                _("{model} is not fitted: call fit() first", model=type(self).__name__)
            )

    def recommend(
        self, person_ids: Any, n: int = 10, exclude_seen: bool = True, *, explain: bool = True
    ) -> pd.DataFrame:
        """The top `n` items per person. Unknown persons get the most popular items (reason
        `popular`). `explain=False` skips the reasons (faster; the columns are empty)."""
        self._check_fitted()
        if n < 1:
            raise RecommenderError(_("n must be at least 1"))
        ids = [str(p) for p in ([person_ids] if isinstance(person_ids, str) else person_ids)]
        rows = self.persons_.get_indexer(ids)
        picks: dict[int, Pick] = {}  # position in ids -> its recommendations
        known = np.flatnonzero(rows >= 0)
        for start in range(0, len(known), BATCH):
            chunk = known[start : start + BATCH]
            scores = np.asarray(self._scores(rows[chunk]), dtype=np.float64)
            for position, where in enumerate(chunk):
                picks[int(where)] = self._top(
                    int(rows[where]), scores[position], n, exclude=exclude_seen, explain=explain
                )
        if len(known) < len(ids):
            fallback = self._fallback(n)
            picks.update({int(i): fallback for i in np.flatnonzero(rows < 0)})
        return self._table([(ids[i], picks[i]) for i in range(len(ids))])

    def recommend_one(
        self, person_id: str, n: int = 10, exclude_seen: bool = True
    ) -> list[Recommended]:
        """One person's recommendations without building a frame: the serving path."""
        self._check_fitted()
        if n < 1:
            raise RecommenderError(_("n must be at least 1"))
        try:
            row = int(self.persons_.get_loc(str(person_id)))
        except KeyError:
            pick = self._fallback(n)
        else:
            scores = np.asarray(self._scores(np.array([row])), dtype=np.float64)[0]
            pick = self._top(row, scores, n, exclude=exclude_seen, explain=True)
        return [
            Recommended(str(self.items_[item]), float(score), rank, reason)
            for rank, (item, score, reason) in enumerate(
                zip(pick.items, pick.scores, pick.reasons, strict=True), start=1
            )
        ]

    def _table(self, ordered: list[tuple[str, Pick]]) -> pd.DataFrame:
        picks = [pick for _, pick in ordered] or [Pick(np.empty(0, np.int64), np.empty(0), [])]
        reasons = [r for pick in picks for r in pick.reasons]
        columns = np.concatenate([pick.items for pick in picks]).astype(np.int64)
        return pd.DataFrame(
            {
                "person": pd.Series([p for p, pick in ordered for _ in pick.items], dtype=object),
                "item": np.asarray(self.items_[columns], dtype=object),
                "score": np.concatenate([pick.scores for pick in picks]).astype(np.float64),
                "rank": np.concatenate([np.arange(1, len(pick.items) + 1) for pick in picks]),
                "reason": pd.Series([r.kind for r in reasons], dtype=object),
                "reason_item": pd.Series([r.item for r in reasons], dtype=object),
                "reason_group": pd.Series([r.group for r in reasons], dtype=object),
                "reason_value": pd.Series([r.value for r in reasons], dtype=object),
            },
            columns=list(RESULT_COLUMNS),
        )

    def _top(self, row: int, scores: np.ndarray, n: int, *, exclude: bool, explain: bool) -> Pick:
        if exclude:
            seen = self.seen_.indices[self.seen_.indptr[row] : self.seen_.indptr[row + 1]]
            scores[seen] = -np.inf
        items = rank_items(scores, self.popularity_, n)
        chosen = scores[items]
        reasons = self._explain(row, items, chosen) if explain else [Reason("")] * len(items)
        if self.positive_scores:
            reasons = [
                r if s > 0 else Reason(POPULAR) for r, s in zip(reasons, chosen, strict=True)
            ]
        return Pick(items, chosen, reasons)

    def _fallback(self, n: int) -> Pick:
        items = rank_items(self.popularity_.astype(np.float64), self.popularity_, n)
        scores = self.popularity_[items].astype(np.float64)
        return Pick(items, scores, [Reason(POPULAR)] * len(items))


class Pick(NamedTuple):
    """One person's recommendations: item columns, scores, reasons."""

    items: np.ndarray
    scores: np.ndarray
    reasons: list[Reason]


class Recommended(NamedTuple):
    """One recommended item (`recommend_one`)."""

    item: str
    score: float
    rank: int
    reason: Reason


def _copied(value: Any) -> Any:
    try:
        return copy.deepcopy(value)
    except Exception:  # sessions and connections are shared, not copied
        return value


def rank_items(scores: np.ndarray, popularity: np.ndarray, n: int) -> np.ndarray:
    """Indices of the `n` best finite scores, ordered by score, then popularity (both
    descending), then index: the one tie-break used everywhere."""
    finite = np.isfinite(scores)
    available = int(finite.sum())
    take = min(n, available)
    if take == 0:
        return np.empty(0, dtype=np.int64)
    values = np.where(finite, scores, -np.inf)
    if take < len(values):
        threshold = np.partition(values, len(values) - take)[len(values) - take]
        candidates = np.flatnonzero(values >= threshold)
    else:
        candidates = np.flatnonzero(finite)
    order = np.lexsort((candidates, -popularity[candidates], -values[candidates]))
    ranked: np.ndarray = candidates[order][:take]
    return ranked


def result_frame(
    person: str, items: Any, scores: np.ndarray, reasons: list[Reason]
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person": person,
            "item": np.asarray(items, dtype=object),
            "score": np.asarray(scores, dtype=np.float64),
            "rank": np.arange(1, len(scores) + 1, dtype=np.int64),
            "reason": pd.Series([r.kind for r in reasons], dtype=object),
            "reason_item": pd.Series([r.item for r in reasons], dtype=object),
            "reason_group": pd.Series([r.group for r in reasons], dtype=object),
            "reason_value": pd.Series([r.value for r in reasons], dtype=object),
        }
    )
