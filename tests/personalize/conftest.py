"""Helpers of the personalization tests: an events table in DuckDB from a few dicts; small
synthetic interactions for the recommenders."""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from journeymap.events.schema import EVENTS_SCHEMA
from tests.analytics.conftest import events_frame


def duckdb_events(rows: list[dict[str, Any]] | pd.DataFrame) -> ir.Table:
    """An in-memory DuckDB `events` table (missing columns filled as `events_frame` does)."""
    frame = events_frame(rows)[list(EVENTS_SCHEMA.names)]
    arrow = pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False)
    return ibis.duckdb.connect().create_table("events", arrow)


REGIONS = ("north", "south")


def synthetic_interactions(seed: int = 7, persons: int = 40, items: int = 30) -> pd.DataFrame:
    """Persons in two regions with different tastes (north likes low item numbers, south high
    ones), 4..12 interactions each, timestamps spread over 60 days."""
    rng = np.random.default_rng(seed)
    rows = []
    start = pd.Timestamp("2026-01-01")
    for p in range(persons):
        region = REGIONS[p % 2]
        centre = items * (0.25 if region == "north" else 0.75)
        count = int(rng.integers(4, 13))
        chosen = np.clip(rng.normal(centre, items / 6, size=count).round(), 0, items - 1)
        times = np.sort(rng.uniform(0, 60 * 24 * 60, size=count))
        for item, minute in zip(chosen.astype(int), times, strict=True):
            rows.append(
                {
                    "person": f"p{p:02d}",
                    "item": f"i{item:02d}",
                    "weight": float(rng.choice([1.0, 3.0, 5.0])),
                    "timestamp": start + pd.Timedelta(minutes=float(minute)),
                    "region": region,
                }
            )
    return pd.DataFrame(rows)


def catalog(items: int = 34) -> pd.DataFrame:
    """Item texts: low items are 'shade fern', high ones 'sun tomato'; 4 items nobody saw."""
    return pd.DataFrame(
        {
            "item": [f"i{i:02d}" for i in range(items)],
            "title": [f"item {i}" for i in range(items)],
            "tags": [
                ["shade", "fern"] if i < items / 2 else ["sun", "tomato"] for i in range(items)
            ],
        }
    )


@pytest.fixture(scope="session")
def interactions() -> pd.DataFrame:
    return synthetic_interactions()
