"""Helpers of the personalization tests: an events table in DuckDB from a few dicts."""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

from journeymap.events.schema import EVENTS_SCHEMA
from tests.analytics.conftest import events_frame


def duckdb_events(rows: list[dict[str, Any]] | pd.DataFrame) -> ir.Table:
    """An in-memory DuckDB `events` table (missing columns filled as `events_frame` does)."""
    frame = events_frame(rows)[list(EVENTS_SCHEMA.names)]
    arrow = pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False)
    return ibis.duckdb.connect().create_table("events", arrow)
