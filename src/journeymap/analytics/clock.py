"""Timestamps as numbers that every engine computes alike, at the store's full precision.

The store keeps microseconds. An event's time is the whole number of microseconds since
1970-01-01 (naive UTC) as int64: DuckDB compiles it to `date_diff('microsecond', ...)` and Spark
to `timestampdiff(MICROSECOND, ...)`, both exact integer arithmetic on the stored value, so the
two engines order, compare and subtract times identically without discarding the fraction of a
second (see docs/analytics.md, "Time and ties"). Differences of such times stay exact integers;
`seconds` turns one into float64 seconds only when it is reported.
"""

from __future__ import annotations

from typing import Any, Final

import ibis

MICROS_PER_SECOND: Final = 1_000_000
_EPOCH = ibis.timestamp("1970-01-01 00:00:00")


def epoch_micros(timestamp: Any) -> Any:
    """Microseconds since 1970-01-01 (naive UTC) as int64, exact on every engine."""
    return timestamp.delta(_EPOCH, unit="microsecond").cast("int64")


def seconds(micros: Any) -> Any:
    """A duration in microseconds (int64) as float64 seconds, keeping its fraction."""
    return micros.cast("float64") / float(MICROS_PER_SECOND)


def micros_of(seconds_value: float) -> int:
    """A Python duration in seconds (a window, a lookback) as whole microseconds."""
    return round(seconds_value * MICROS_PER_SECOND)


def epoch_seconds(timestamp: Any) -> Any:
    """Seconds since 1970-01-01 (naive UTC) as float64, with their fraction: for ages and
    recencies (decays, days since), not for sums, which `epoch_micros` keeps exact."""
    return seconds(epoch_micros(timestamp))
