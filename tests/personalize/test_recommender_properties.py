"""Property: whatever the interactions, no recommender shows a person an item they saw, lists
are never longer than n, and every list is ranked 1..len."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.personalize.recommenders import (
    CoVisitationRecommender,
    EASERecommender,
    ItemKNNRecommender,
    PopularityRecommender,
)

rows = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 8), st.sampled_from([1.0, 3.0, 5.0])),
    min_size=1,
    max_size=30,
)


@settings(max_examples=15)
@given(rows=rows, n=st.integers(1, 12))
def test_seen_items_never_come_back(rows: list[tuple[int, int, float]], n: int) -> None:
    frame = pd.DataFrame(
        {
            "person": [f"p{p}" for p, _, _ in rows],
            "item": [f"i{i}" for _, i, _ in rows],
            "weight": [w for _, _, w in rows],
            "timestamp": pd.date_range("2026-01-01", periods=len(rows), freq="h"),
        }
    )
    seen = frame.groupby("person")["item"].agg(set)
    items = frame["item"].nunique()
    for model in (
        PopularityRecommender(half_life_days=1.0),
        ItemKNNRecommender(k=3, similarity="bm25"),
        EASERecommender(l2=1.0),
        CoVisitationRecommender(window=2),
    ):
        result = model.fit(frame).recommend([*seen.index, "stranger"], n=n)
        for person, got in result.groupby("person"):
            assert list(got["rank"]) == list(range(1, len(got) + 1))
            assert len(got) <= n
            if person == "stranger":
                assert len(got) == min(n, items)
                continue
            assert not set(got["item"]) & seen[person]
            assert len(got) == min(n, items - len(seen[person]))
