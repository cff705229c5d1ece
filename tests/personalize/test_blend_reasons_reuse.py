"""The blend explains from the contributions its last one-person scoring computed: the same
reasons as computing them afresh, and never another person's."""

from __future__ import annotations

import numpy as np
import pandas as pd

from journeymap.personalize.recommenders import (
    BlendRecommender,
    ItemKNNRecommender,
    PopularityRecommender,
    blend,
)


def test_reasons_from_the_last_scoring_match_fresh_ones(interactions: pd.DataFrame) -> None:
    model = BlendRecommender(
        sources=((ItemKNNRecommender(k=10), 0.7), (PopularityRecommender(), 0.3))
    ).fit(interactions)
    rows = range(min(6, len(model.persons_)))
    items = np.arange(5)

    def explained(row: int, scored: int | None) -> str:
        blend._last.value = None
        if scored is not None:
            model._scores(np.array([scored]))
        return repr(model._explain(row, items, np.ones(5)))

    fresh = [explained(row, None) for row in rows]
    assert [explained(row, row) for row in rows] == fresh
    assert [explained(row, 0) for row in rows] == fresh  # another person scored last
    assert len(set(fresh)) > 1  # the persons' reasons differ: a wrong row would show
