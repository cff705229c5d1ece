"""Child tasks of the analytics benchmark: ours, the DuckDB scan floor, pm4py and pandas.

Each task opens the cached store itself and loads its libraries (not timed), times only the
analysis, and returns `seconds` (wall), `task_cpu` (CPU seconds of the timed part, all threads)
and a small digest of the answer, so the parent can check that ours and the comparator agree.
"""

from __future__ import annotations

import gc
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Cases are whole persons on every side (pm4py has no sessions); variants and paths are cut
# after this many events, and pm4py gets each case's first VARIANT_STEPS events to match.
VARIANT_STEPS = 10
TOP = 10
COMPARED_VARIANTS = 5  # the counts of the most frequent variants must agree
# Out of core, DuckDB may spill tens of GB (transitions on 100M events spilled 69 GB with a
# 4 GB limit); a cap makes a run fail with a clear error instead of filling the disk.
TEMP_CAP = "max_temp_directory_size=45GB"
PM4PY_KEYS = {
    "case_id_key": "case:concept:name",
    "activity_key": "concept:name",
    "timestamp_key": "time:timestamp",
}


def _measure(work: Callable[[], Any]) -> tuple[Any, dict[str, float]]:
    # The garbage of the setup (imports, opening the store, loading frames) is collected before
    # the clock starts, for every task: otherwise the first full collection of a fresh process
    # lands in the timed part (0.07 s of stage metrics on BPI 2012, a quarter of it).
    gc.collect()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    value = work()
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return value, {"seconds": seconds, "task_cpu": usage.ru_utime + usage.ru_stime - cpu_before}


def _journey(map_path: str | None) -> Any:
    from benchmarks.workloads import seed_shop
    from journeymap.model import load_map

    return seed_shop() if map_path is None else load_map(Path(map_path))


def ours(
    store: str,
    analysis: str,
    steps: list[str],
    window: str,
    map_path: str | None,
    *,
    memory_limit: str | None = None,
) -> dict[str, Any]:
    """Child: one journeymap analysis through Ibis on the DuckDB store (DuckDB's memory capped
    at `memory_limit` when given, so larger data spills to disk)."""
    from journeymap.analytics.funnel import funnel
    from journeymap.analytics.paths import paths, variants
    from journeymap.analytics.stages import stage_metrics
    from journeymap.analytics.transitions import transitions
    from journeymap.store import Store

    settings = "" if memory_limit is None else f"?memory_limit={memory_limit}&{TEMP_CAP}"
    opened = Store.open(f"duckdb://{store}{settings}", upgrade=False)
    events = opened.events()
    # Not timed, as the comparators import pm4py and pandas before their clocks start: the
    # first result Ibis fetches in a process imports pandas (its DuckDB result converter
    # does), 0.2 s once per process whatever the data. An empty query pays it here without
    # reading any events.
    events.limit(0).to_pyarrow()
    digest: Any
    if analysis == "funnel":
        result, timing = _measure(lambda: funnel(events, steps, window=window).to_dict())
        digest = [step["persons"] for step in result["steps"]]
    elif analysis == "transitions":
        # out of core, the engine's quantile aggregates do not scale: sort instead
        large = memory_limit is not None
        table, timing = _measure(
            lambda: transitions(events, session_gap=None, out_of_core=large).to_pyarrow()
        )
        digest = {
            f"{row['source']} -> {row['target']}": row["count"]
            for row in table.to_pylist()
            if not row["source"].startswith("__") and not row["target"].startswith("__")
        }
    elif analysis == "variants":
        table, timing = _measure(
            lambda: variants(events, max_steps=VARIANT_STEPS, top=TOP).to_pyarrow()
        )
        found = [row["cases"] for row in table.to_pylist() if row["length"] is not None]
        digest = sorted(found, reverse=True)[:COMPARED_VARIANTS]
    elif analysis == "paths":
        table, timing = _measure(lambda: paths(events, max_steps=5, top=TOP).to_pyarrow())
        digest = table.num_rows
    elif analysis == "stages":
        journey = _journey(map_path)
        metrics, timing = _measure(lambda: stage_metrics(events, journey).as_dict())
        digest = len(metrics)
    else:
        raise ValueError(f"unknown analysis {analysis!r}")
    opened.close()
    return {"digest": digest, **timing}


def floor(
    store: str, memory_limit: str | None = None, columns: list[str] | None = None
) -> dict[str, Any]:
    """Child: the floor, one DuckDB aggregate scan over the columns an analysis reads: the
    person, event, timestamp and message id that every analysis reads, and `max(strlen())` of
    each of `columns`, the ones it reads besides. `strlen` is about the cheapest function that
    needs a string's value; `count(column)` needs only its NULL mask, and on 1M simulated events
    it cost nothing over the common floor (0.19 s against 0.18 s), so it scanned no values."""
    import duckdb

    config: dict[str, Any] = {} if memory_limit is None else {"memory_limit": memory_limit}
    connection = duckdb.connect(store, read_only=True, config=config)
    more = "".join(f", max(strlen({column})) AS n_{column}" for column in columns or [])
    query = (
        "SELECT person_id, event, count(*) AS n, min(timestamp) AS first_at, "
        f"max(message_id) AS last_id{more} FROM events GROUP BY person_id, event"
    )
    # a relation, not a DB-API cursor: DuckDB 2 copies a cursor's rows once more into Arrow
    table, timing = _measure(lambda: connection.sql(query).to_arrow_table())
    connection.close()
    return {"digest": table.num_rows, **timing}


def floor_columns(analysis: str, map_path: str | None) -> list[str]:
    """The event columns `analysis` reads besides person, event, timestamp and message id: for
    stage metrics the other person ids (it counts a person by the first of `person_id`,
    `user_id`, `anonymous_id`), the channel and what the map's bindings read."""
    if analysis != "stages":
        return []
    from journeymap.analytics.bind import binding_columns
    from journeymap.analytics.segmentation import PERSON_COLUMNS

    read = {*PERSON_COLUMNS, "channel", *binding_columns(_journey(map_path))}
    return sorted(read - {"person_id", "event", "timestamp", "message_id"})


def _frame(store: str, steps: list[str] | None = None, first: int | None = None) -> Any:
    """The events as a pandas frame in pm4py's column names, ordered as our analyses order."""
    import duckdb

    connection = duckdb.connect(store, read_only=True)
    where = "event IS NOT NULL AND person_id IS NOT NULL"
    if steps is not None:
        where += " AND event IN (" + ", ".join(f"'{s}'" for s in steps) + ")"
    cut = ""
    if first is not None:
        cut = (
            "QUALIFY row_number() OVER "
            f"(PARTITION BY person_id ORDER BY timestamp, message_id) <= {first} "
        )
    query = (
        'SELECT person_id AS "case:concept:name", event AS "concept:name", '
        f'timestamp AS "time:timestamp" FROM events WHERE {where} {cut}'
        "ORDER BY person_id, timestamp, message_id"
    )
    frame = connection.execute(query).df()
    connection.close()
    return frame


def pm4py_dfg(store: str) -> dict[str, Any]:
    """Child: pm4py's directly-follows graph (frequencies) of the same events."""
    import pm4py

    frame = _frame(store)
    (graph, _starts, _ends), timing = _measure(lambda: pm4py.discover_dfg(frame, **PM4PY_KEYS))
    return {"digest": {f"{a} -> {b}": n for (a, b), n in graph.items()}, **timing}


def pm4py_dfg_performance(store: str) -> dict[str, Any]:
    """Child: pm4py's frequency DFG plus its performance DFG (mean, median, ... per edge),
    the same information as our transitions table."""
    import pm4py

    frame = _frame(store)

    def both() -> Any:
        graph = pm4py.discover_dfg(frame, **PM4PY_KEYS)
        pm4py.discover_performance_dfg(frame, **PM4PY_KEYS)
        return graph

    (graph, _starts, _ends), timing = _measure(both)
    return {"digest": {f"{a} -> {b}": n for (a, b), n in graph.items()}, **timing}


def _variant_digest(found: dict[Any, Any]) -> list[int]:
    """The case counts of pm4py's most frequent variants, as ours reports them."""
    return sorted((int(n) for n in found.values()), reverse=True)[:COMPARED_VARIANTS]


def pm4py_variants(store: str) -> dict[str, Any]:
    """Child: pm4py's variants of each case's first VARIANT_STEPS events (the cut is done in
    DuckDB before timing, so pm4py answers the same question as ours)."""
    import pm4py

    frame = _frame(store, first=VARIANT_STEPS)
    found, timing = _measure(lambda: pm4py.get_variants(frame, **PM4PY_KEYS))
    return {"digest": _variant_digest(found), **timing}


def pm4py_variants_cut(store: str) -> dict[str, Any]:
    """Child: `pm4py_variants` with the cut to each case's first VARIANT_STEPS events timed
    too, done in pandas on the frame (already in our order, not timed), as ours does it inside
    its query: the same work on both sides of the ratio."""
    import pm4py

    frame = _frame(store)

    def cut_and_count() -> Any:
        cut = frame.groupby(PM4PY_KEYS["case_id_key"], sort=False).head(VARIANT_STEPS)
        return pm4py.get_variants(cut, **PM4PY_KEYS)

    found, timing = _measure(cut_and_count)
    return {"digest": _variant_digest(found), **timing}


def pandas_funnel(store: str, steps: list[str], window: str) -> dict[str, Any]:
    """Child: a straightforward pandas ordered funnel with the same rule (greedy chains from
    every step-1 event via `merge_asof`, a person counts at the deepest step any chain reaches)."""
    import pandas as pd

    frame = _frame(store)
    limit = pd.Timedelta(window)

    def run() -> list[int]:
        events = frame.rename(
            columns={"case:concept:name": "person", "concept:name": "event", "time:timestamp": "ts"}
        )
        events = events[events["event"].isin(steps)]
        chains = events.loc[events["event"] == steps[0], ["person", "ts"]]
        chains = chains.assign(start=chains["ts"])
        reached = [chains["person"].nunique()]
        for step in steps[1:]:
            following = events.loc[events["event"] == step, ["person", "ts"]]
            following = following.rename(columns={"ts": "next"}).sort_values("next")
            joined = pd.merge_asof(
                chains.sort_values("ts"),
                following,
                left_on="ts",
                right_on="next",
                by="person",
                direction="forward",
            )
            joined = joined[joined["next"].notna() & (joined["next"] - joined["start"] <= limit)]
            chains = joined[["person", "start"]].assign(ts=joined["next"])
            reached.append(chains["person"].nunique())
        return reached

    reached, timing = _measure(run)
    return {"digest": [int(n) for n in reached], **timing}
