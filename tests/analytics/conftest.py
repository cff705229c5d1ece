"""The two-engine contract fixtures: every analytics test runs on DuckDB and on local PySpark.

- `engine`: an Ibis connection, parametrized over "duckdb" and "pyspark" (the latter marked
  `spark`, so `-m "not spark"` keeps runs fast).
- `make_events(rows)`: an `events` table on that engine from dicts or a DataFrame; missing
  EVENTS_SCHEMA columns are filled (`message_id` and `seq` numbered in row order, `type`
  "track", JSON columns "{}",
  `received_at` = `timestamp`), dict values of JSON columns are serialized, extra columns kept.
- `to_records(expr)`: executes and normalizes to sorted plain dicts (floats rounded to 6 places,
  NaN/NaT to None, timestamps to `datetime`), so results of both engines compare equal.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from collections.abc import Callable
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
import pytest

from journeymap.events.schema import EVENTS_SCHEMA, SOURCE_ORDER

JSON_COLUMNS = ("properties", "context", "traits")
TIMESTAMP_COLUMNS = ("timestamp", "received_at")
_table_numbers = itertools.count()

MakeEvents = Callable[[list[dict[str, Any]] | pd.DataFrame], ir.Table]
ToRecords = Callable[[ir.Expr], list[dict[str, Any]]]


# Warnings of the library versions, not of our code (the lead may move them to pyproject):
# Ibis 12 calls DuckDB 2.0's deprecated fetch_arrow_table() when it reads a table's schema; its
# PySpark backend reads a pandas 3 option that is deprecated; py4j leaves a socket to the JVM open.
LIBRARY_WARNINGS = (
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning",
    "ignore:The 'future.infer_string' option is deprecated",
    "ignore:unclosed <socket.socket:ResourceWarning",
    "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/analytics" in str(item.path):
            for spec in LIBRARY_WARNINGS:
                item.add_marker(pytest.mark.filterwarnings(spec))


@pytest.fixture(params=["duckdb", pytest.param("pyspark", marks=pytest.mark.spark)])
def engine(request: pytest.FixtureRequest) -> Any:
    """An Ibis backend connection: in-memory DuckDB, or the session's local PySpark."""
    if request.param == "duckdb":
        return ibis.duckdb.connect()
    spark = request.getfixturevalue("spark")
    return ibis.pyspark.connect(spark)


def events_frame(rows: list[dict[str, Any]] | pd.DataFrame) -> pd.DataFrame:
    """Rows with every EVENTS_SCHEMA column, typed as the store types them."""
    frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if "message_id" not in frame:
        frame["message_id"] = [f"m{i}" for i in range(len(frame))]
    if "type" not in frame:
        frame["type"] = "track"
    if SOURCE_ORDER not in frame:
        frame[SOURCE_ORDER] = range(len(frame))  # the rows' order is their file order
    for column in JSON_COLUMNS:
        if column not in frame:
            frame[column] = "{}"
        frame[column] = [
            json.dumps(v) if isinstance(v, dict) else ("{}" if v is None else v)
            for v in frame[column]
        ]
    frame["timestamp"] = pd.to_datetime(frame["timestamp"]).astype("datetime64[us]")
    if "received_at" not in frame:
        frame["received_at"] = frame["timestamp"]
    frame["received_at"] = pd.to_datetime(frame["received_at"]).astype("datetime64[us]")
    for name in EVENTS_SCHEMA.names:
        if name not in frame:
            frame[name] = None
    for name, dtype in EVENTS_SCHEMA.items():
        if dtype.is_string():
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    extra = [c for c in frame.columns if c not in EVENTS_SCHEMA.names]
    return frame[[*EVENTS_SCHEMA.names, *extra]]


@pytest.fixture
def make_events(engine: Any) -> MakeEvents:
    def make(rows: list[dict[str, Any]] | pd.DataFrame) -> ir.Table:
        frame = events_frame(rows)
        name = f"events_{next(_table_numbers)}"
        extra = [c for c in frame.columns if c not in EVENTS_SCHEMA.names]
        # via Arrow: Ibis' pandas type inference warns under pandas 3
        extra_schema = ibis.Schema.from_pyarrow(pa.Table.from_pandas(frame[extra]).schema)
        extra_types = {k: "string" if v.is_null() else v for k, v in extra_schema.items()}
        schema = ibis.schema({**dict(EVENTS_SCHEMA.items()), **extra_types})
        arrow = pa.Table.from_pandas(frame, schema=schema.to_pyarrow(), preserve_index=False)
        if engine.name == "duckdb":
            return engine.create_table(name, arrow, temp=True)
        from ibis.backends.pyspark.datatypes import PySparkSchema

        spark_frame = engine._session.createDataFrame(
            [tuple(row.values()) for row in arrow.to_pylist()],
            schema=PySparkSchema.from_ibis(schema),
        )
        spark_frame.createOrReplaceTempView(name)
        return engine.table(name)

    return make


def normalize(value: Any) -> Any:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return normalize(value.item())
    if isinstance(value, list | tuple):
        return [normalize(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def records(rows: list[dict[str, Any]] | pd.DataFrame) -> list[dict[str, Any]]:
    """Rows (or a DataFrame) as sorted, normalized dicts."""
    if isinstance(rows, pd.DataFrame):
        rows = rows.astype(object).to_dict(orient="records")
    normalized = [{str(k): normalize(v) for k, v in row.items()} for row in rows]
    return sorted(normalized, key=lambda row: [(v is None, str(v)) for v in row.values()])


@pytest.fixture
def to_records() -> ToRecords:
    def run(expr: ir.Expr) -> list[dict[str, Any]]:
        if isinstance(expr, ir.Table):
            return records(expr.to_pyarrow().to_pylist())
        if isinstance(expr, ir.Column):
            return records(expr.as_table().to_pyarrow().to_pylist())
        return [{"value": normalize(expr.to_pyarrow().as_py())}]

    return run
