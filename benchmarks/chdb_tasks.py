"""Child tasks of the analytics benchmark on chDB, ClickHouse in-process: the peer our users
would pick instead (PostHog runs its funnels and paths on ClickHouse).

Each task loads the store's events into a ClickHouse `MergeTree` table ordered by
`(person_id, timestamp, seq)` (what a ClickHouse user keeps their events in), before timing,
from a Parquet export of the store made once and cached beside it; then it times one query
written as ClickHouse users write it:

- funnel: `windowFunnel(window)(toDateTime(timestamp), event = step1, ...)` per person, then
  the persons at each level or deeper; and once more on microseconds since the epoch (an
  unsigned integer, which windowFunnel also takes), the same rule at our precision;
- transitions: each person's events as one array (`groupArray` of `(timestamp, seq, event)`,
  `arraySort` by time and source order), `__start__`/`__end__` added at its ends, the pairs of
  neighbours (`arrayZip(arrayPopBack, arrayPopFront)`) unnested with `ARRAY JOIN` and
  aggregated: count, persons, mean and `quantilesExactInclusive(0.5, 0.9)` of the seconds
  between them (the exact, interpolated quantiles ours reports; `quantiles()` would sample);
- variants: the same sorted array cut to its first `VARIANT_STEPS` events (`arraySlice`),
  counted per distinct array, the top `TOP` kept and the rest summed.

Where the semantics differ (see `SEMANTICS`), the digest shows it: the `same` column of the
table then says NO, and the notes say why.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from benchmarks.analytics_tasks import COMPARED_VARIANTS, TOP, VARIANT_STEPS, _measure

SEMANTICS = (
    "chDB: windowFunnel takes DateTime (whole seconds) or unsigned integers, not DateTime64; "
    "on whole seconds (`toDateTime(timestamp)`, as ClickHouse users and PostHog write it) "
    "events within one second count as simultaneous and are taken in step order, and the "
    "window is checked on truncated seconds, so it counts a few more persons than ours "
    "(microseconds, ties by source order); on microseconds since the epoch "
    "(`toUInt64(toUnixTimestamp64Micro(timestamp))`) it gives our counts (ties at one "
    "microsecond aside, taken in step order). Transitions and variants sort each person's "
    "events by timestamp, then `seq`, as ours do, so their answers agree"
)
EXPORT_COLUMNS = "person_id, event, timestamp, seq"


def export_path(store: str) -> Path:
    """The Parquet export of `store`'s events that chDB loads (cached beside the store)."""
    return Path(store).with_name(Path(store).name + ".chdb.parquet")


def export(store: str) -> Path:
    """Write the events chDB needs to Parquet once (not timed); the path."""
    path = export_path(store)
    if path.exists():
        return path
    import duckdb

    partial = path.with_suffix(".partial")
    connection = duckdb.connect(store, read_only=True)
    connection.execute(
        f"COPY (SELECT {EXPORT_COLUMNS} FROM events "
        "WHERE person_id IS NOT NULL AND event IS NOT NULL) "
        f"TO '{partial}' (FORMAT PARQUET)"
    )
    connection.close()
    partial.rename(path)
    return path


def _session(store: str) -> tuple[Any, Any]:
    """A chDB session (in a temporary folder) with the events in a MergeTree table."""
    from chdb import session

    folder = tempfile.TemporaryDirectory(prefix="chdb-bench-")
    opened = session.Session(folder.name)
    opened.query("SET session_timezone = 'UTC'")
    opened.query(
        "CREATE TABLE events (person_id String, event LowCardinality(String), "
        "timestamp DateTime64(6, 'UTC'), seq Int64) "
        "ENGINE = MergeTree ORDER BY (person_id, timestamp, seq)"
    )
    parquet = export(store)
    opened.query(f"INSERT INTO events SELECT {EXPORT_COLUMNS} FROM file('{parquet}', Parquet)")
    opened.query("OPTIMIZE TABLE events FINAL")
    return opened, folder


def _rows(opened: Any, sql: str) -> list[list[Any]]:
    import json

    result = opened.query(sql, "JSONCompact")
    data: list[list[Any]] = json.loads(result.bytes())["data"]
    return data


def _quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


# the timestamp argument of windowFunnel (it takes DateTime or unsigned integers, not
# DateTime64) and the window's unit
FUNNEL_CLOCKS = {
    "second": ("toDateTime(timestamp)", 1),
    "microsecond": ("toUInt64(toUnixTimestamp64Micro(timestamp))", 1_000_000),
}


def funnel_sql(steps: list[str], window_seconds: int, clock: str = "second") -> str:
    """The funnel's persons per step: `windowFunnel` on whole seconds, as ClickHouse users
    (PostHog among them) write it, or on microseconds since the epoch (`clock`)."""
    timestamp, per_second = FUNNEL_CLOCKS[clock]
    conditions = ", ".join(f"event = {_quoted(step)}" for step in steps)
    wanted = ", ".join(_quoted(step) for step in steps)
    levels = ", ".join(f"countIf(level >= {k})" for k in range(1, len(steps) + 1))
    return (
        f"SELECT {levels} FROM (SELECT person_id, "
        f"windowFunnel({window_seconds * per_second})({timestamp}, {conditions}) AS level "
        f"FROM events WHERE event IN ({wanted}) GROUP BY person_id)"
    )


# each person's events in our order: time, then source order
_SORTED = "arraySort(x -> (x.1, x.2), groupArray((timestamp, seq, event)))"


def transitions_sql() -> str:
    return (
        "SELECT source, target, count() AS count, uniqExact(person_id) AS persons, "
        "avg(seconds) AS mean_seconds, "
        "quantilesExactInclusive(0.5, 0.9)(seconds) AS quantiles FROM ("
        "SELECT person_id, pair.1.2 AS source, pair.2.2 AS target, "
        "dateDiff('microsecond', pair.1.1, pair.2.1) / 1e6 AS seconds FROM ("
        "SELECT person_id, arrayPushBack(arrayPushFront("
        f"arrayMap(x -> (toNullable(x.1), x.3), {_SORTED}), (NULL, '__start__')), "
        "(NULL, '__end__')) AS path FROM events GROUP BY person_id) "
        "ARRAY JOIN arrayZip(arrayPopBack(path), arrayPopFront(path)) AS pair) "
        "GROUP BY source, target"
    )


def variants_sql() -> str:
    # the total beside each row: (other) is the total less the top variants
    return (
        "SELECT variant, count() AS cases, sum(count()) OVER () AS total FROM ("
        f"SELECT arraySlice(arrayMap(x -> x.3, {_SORTED}), 1, {VARIANT_STEPS}) AS variant "
        f"FROM events GROUP BY person_id) GROUP BY variant ORDER BY cases DESC, variant "
        f"LIMIT {TOP}"
    )


def chdb_funnel(store: str, steps: list[str], window: str, clock: str = "second") -> dict[str, Any]:
    """Child: the funnel with `windowFunnel` on whole seconds or on microseconds (`clock`)."""
    from journeymap.analytics.durations import parse_duration

    opened, folder = _session(store)
    seconds = int(parse_duration(window).total_seconds())
    rows, timing = _measure(lambda: _rows(opened, funnel_sql(steps, seconds, clock)))
    opened.close()
    folder.cleanup()
    return {"digest": [int(n) for n in rows[0]], **timing}


def chdb_funnel_micros(store: str, steps: list[str], window: str) -> dict[str, Any]:
    """Child: `chdb_funnel` on microseconds, the precision of ours."""
    return chdb_funnel(store, steps, window, clock="microsecond")


def chdb_transitions(store: str) -> dict[str, Any]:
    """Child: the directly-follows graph with durations from sorted per-person arrays."""
    opened, folder = _session(store)
    rows, timing = _measure(lambda: _rows(opened, transitions_sql()))
    opened.close()
    folder.cleanup()
    digest = {
        f"{source} -> {target}": int(count)
        for source, target, count, *_ in rows
        if not source.startswith("__") and not target.startswith("__")
    }
    return {"digest": digest, **timing}


def chdb_variants(store: str) -> dict[str, Any]:
    """Child: the top variants (each person's first VARIANT_STEPS events)."""
    opened, folder = _session(store)
    rows, timing = _measure(lambda: _rows(opened, variants_sql()))
    opened.close()
    folder.cleanup()
    counts = sorted((int(cases) for _variant, cases, _total in rows), reverse=True)
    return {"digest": counts[:COMPARED_VARIANTS], **timing}
