"""ALS trained by Spark MLlib (implicit preferences), for stores that live on Spark.

The same interface as every recommender: `fit` trains on the Spark session (local mode in the
tests, a cluster in production), then the learned factors are brought to the driver, so
recommending is the same dot product as `ALSRecommender`'s and needs no Spark job per request.
Known limit: the interactions frame passes through the driver on its way to Spark (fine for
millions of interactions; a store beyond that needs a Spark-side reader, not written yet).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from journeymap.i18n import gettext as _
from journeymap.personalize.recommenders.base import Fitted, RecommenderError
from journeymap.personalize.recommenders.factors import FactorRecommender


class SparkALSRecommender(FactorRecommender):
    """`pyspark.ml.recommendation.ALS` with `implicitPrefs=True`: `rank` factors, `reg_param`,
    confidence `alpha`, `max_iter` sweeps, `seed`. `session`: the SparkSession (default: the
    active one)."""

    def __init__(
        self,
        *,
        rank: int = 32,
        reg_param: float = 0.1,
        alpha: float = 1.0,
        max_iter: int = 10,
        seed: int = 0,
        session: Any = None,
        half_life_days: float | None = None,
        decay_per_person: bool = False,
    ) -> None:
        self.rank = rank
        self.reg_param = reg_param
        self.alpha = alpha
        self.max_iter = max_iter
        self.seed = seed
        self.session = session
        self.half_life_days = half_life_days
        self.decay_per_person = decay_per_person

    def _spark(self) -> Any:
        if self.session is not None:
            return self.session
        from pyspark.sql import SparkSession

        active = SparkSession.getActiveSession()
        if active is None:
            raise RecommenderError(_("SparkALSRecommender needs a SparkSession (session=...)"))
        return active

    def _fit(self, fitted: Fitted) -> None:
        import pyarrow as pa
        from pyspark.ml.recommendation import ALS

        coo = fitted.matrix.tocoo()
        triples = pa.table(
            {
                "person": coo.row.astype(np.int32),
                "item": coo.col.astype(np.int32),
                "weight": coo.data.astype(np.float32),
            }
        )
        frame = self._spark().createDataFrame(triples.to_pandas())
        model = ALS(
            rank=self.rank,
            regParam=self.reg_param,
            alpha=self.alpha,
            maxIter=self.max_iter,
            seed=self.seed,
            implicitPrefs=True,
            userCol="person",
            itemCol="item",
            ratingCol="weight",
            coldStartStrategy="drop",
        ).fit(frame)
        self.person_factors_ = _dense(model.userFactors, len(self.persons_), self.rank)
        self.item_factors_ = _dense(model.itemFactors, len(self.items_), self.rank)


def _dense(factors: Any, size: int, rank: int) -> np.ndarray:
    """MLlib's (id, features) rows as a dense array; ids it never saw get zeros."""
    rows: pd.DataFrame = factors.toPandas()
    dense = np.zeros((size, rank), dtype=np.float32)
    if len(rows):
        dense[rows["id"].to_numpy()] = np.vstack(list(rows["features"]))
    return dense
