"""Timestamps as numbers that every engine computes alike.

DuckDB's `epoch()` keeps fractions of a second while Spark's `unix_timestamp` truncates them, so
durations are measured in whole seconds (floored) to give identical results on both engines.
"""

from __future__ import annotations

from typing import Any


def epoch_seconds(timestamp: Any) -> Any:
    """Whole seconds since 1970-01-01 (naive UTC) as float64."""
    return timestamp.epoch_seconds().cast("float64").floor().cast("float64")
