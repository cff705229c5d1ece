"""Analytics speed: funnel, transitions, variants, paths and stage metrics on a DuckDB store.

Data: the real BPI Challenge 2012 log (262,200 events) and N simulated seed-shop events, each a
cached DuckDB store (see `analytics_data`). Comparators, measured in the same run on the same
store, each in its own child process:

- the floor: one DuckDB aggregate scan of the columns the analysis reads
  (`person_id, event, count(*), min(timestamp), max(message_id) ... GROUP BY person_id, event`,
  what funnels, transitions, variants and paths read; stage metrics also reads the other person
  ids, the channel and what the map's bindings read, so its floor adds `max(strlen())` of each
  of those: the `floor reads` column);
- pm4py (`discover_dfg`, `discover_dfg` + `discover_performance_dfg`, `get_variants`) for
  transitions and variants, on a pandas frame of the same events loaded before timing, in our
  order; for `get_variants` once on a frame cut to each case's first 10 events before timing
  (a DuckDB window does the cut) and once with the cut (pandas `groupby().head()`) timed;
- a straightforward pandas implementation (`merge_asof` chains) for the 5-step funnel;
- chDB (ClickHouse in-process, the engine PostHog runs funnels and paths on) for the funnel
  (`windowFunnel`), transitions and variants (`groupArray`/`arraySort`), on a MergeTree copy of
  the same events loaded before timing (`chdb_tasks`); left out when chdb is not installed.

Cases are whole persons everywhere (`session_gap=None`, as pm4py has no sessions). Each
cached store is clustered by person and time once after it is built (`journeymap optimize`,
as the docs advise after large imports); every task, the floor included, reads the same
clustered store, and pm4py and pandas get their frames from it before their clocks start.

From `OUT_OF_CORE_FROM` events on (the 100M run), DuckDB gets `OUT_OF_CORE_MEMORY` and spills
the rest to disk, to show the analyses run out of core with flat memory; pm4py and pandas need
the whole log in a data frame in memory, so they are left out at that size.
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from typing import Any

from benchmarks.analytics_data import (
    CACHE,
    Dataset,
    bpi_dataset,
    bpi_log,
    clustered_marker,
    simulated_dataset,
)
from benchmarks.analytics_tasks import floor_columns
from benchmarks.harness import REPO, Report

FULL_SIZES = [1_000_000, 10_000_000]
QUICK_SIZES = [20_000]
BPI_FROM = 100_000  # tiny smoke sizes skip the real log; real sizes benchmark it alongside
PM4PY_TIMEOUT = 900.0  # seconds; pm4py beyond that is reported as timed out
OURS_TIMEOUT = 3600.0
TASKS = "benchmarks.analytics_tasks"
OUT_OF_CORE_FROM = 50_000_000
OUT_OF_CORE_MEMORY = "10GB"  # of 24 GB: the rest stays free for the OS and the page cache
ANALYSES = ("funnel", "transitions", "variants", "paths", "stages")
CHDB = "benchmarks.chdb_tasks"
# (label, task): a task without a module is one of TASKS
COMPARATORS: dict[str, list[tuple[str, str]]] = {
    "funnel": [
        ("pandas merge_asof", "pandas_funnel"),
        ("chDB windowFunnel (s)", f"{CHDB}:chdb_funnel"),
        ("chDB windowFunnel (µs)", f"{CHDB}:chdb_funnel_micros"),
    ],
    "transitions": [
        ("pm4py discover_dfg", "pm4py_dfg"),
        ("pm4py dfg + performance_dfg", "pm4py_dfg_performance"),
        ("chDB groupArray DFG", f"{CHDB}:chdb_transitions"),
    ],
    "variants": [
        ("pm4py get_variants", "pm4py_variants"),
        ("pm4py cut + get_variants", "pm4py_variants_cut"),
        ("chDB groupArray variants", f"{CHDB}:chdb_variants"),
    ],
}
CHDB_TARGET = 1.5  # issue 15: ours at most 1.5x chDB's time at 10M events
# narrow a long run (10M events) to some analyses and comparators: comma-separated analyses,
# and comma-separated parts of comparator labels (`chDB`, `pm4py`, `pandas`); unset: all
ANALYSES_ENV = "JOURNEYMAP_BENCH_ANALYSES"
COMPARATORS_ENV = "JOURNEYMAP_BENCH_COMPARATORS"


def chosen_analyses() -> tuple[str, ...]:
    wanted = [name.strip() for name in os.environ.get(ANALYSES_ENV, "").split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(ANALYSES))
    if unknown:
        raise ValueError(f"{ANALYSES_ENV}: unknown analyses {', '.join(unknown)}")
    return tuple(name for name in ANALYSES if name in wanted) if wanted else ANALYSES


def _chosen_comparator(label: str) -> bool:
    parts = [part.strip() for part in os.environ.get(COMPARATORS_ENV, "").split(",")]
    parts = [part for part in parts if part]
    return not parts or any(part.lower() in label.lower() for part in parts)


def measure(task: str, timeout: float, **arguments: Any) -> dict[str, Any]:
    """Like `harness.in_child`, with a time limit: `{"error": ...}` when the child times out
    or fails (out of memory, say) instead of raising."""
    command = [sys.executable, "-m", "benchmarks.child", task, json.dumps(arguments)]
    env = os.environ | {"PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, cwd=REPO, env=env, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"failed (exit {done.returncode}): {last[:200]}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    return result


def prepare(dataset: Dataset, rows: int | None) -> str:
    """Build the cached store if missing and cluster it if it is not yet; a note on what was
    done."""
    notes = []
    if dataset.store.exists():
        notes.append(f"cached store {dataset.store.relative_to(REPO)}")
    else:
        CACHE.mkdir(parents=True, exist_ok=True)
        if rows is None:
            built = measure(
                "benchmarks.analytics_data:build_bpi", OURS_TIMEOUT, store=str(dataset.store)
            )
        else:
            built = measure(
                "benchmarks.analytics_data:build_simulated",
                OURS_TIMEOUT,
                rows=rows,
                store=str(dataset.store),
            )
        if "error" in built:
            raise RuntimeError(f"building {dataset.name}: {built['error']}")
        notes.append(f"built the store in {built['wall']:.0f} s")
    if not clustered_marker(dataset.store).exists():
        done = measure("benchmarks.analytics_data:cluster", OURS_TIMEOUT, store=str(dataset.store))
        if "error" in done:
            raise RuntimeError(f"clustering {dataset.name}: {done['error']}")
        notes.append(f"clustered its events by person and time in {done['seconds']:.0f} s")
    else:
        notes.append("events clustered by person and time (`journeymap optimize`)")
    return f"{dataset.name}: " + "; ".join(notes)


def event_count(dataset: Dataset) -> int:
    import duckdb

    connection = duckdb.connect(str(dataset.store), read_only=True)
    fetched = connection.execute("SELECT count(*) FROM events").fetchone()
    connection.close()
    return int(fetched[0]) if fetched else 0


def _same(ours: Any, theirs: Any) -> str:
    if "digest" not in ours or "digest" not in theirs:
        return ""
    return "yes" if ours["digest"] == theirs["digest"] else "NO"


def _ratio(part: dict[str, Any], whole: dict[str, Any]) -> float | str:
    if "seconds" not in part or "seconds" not in whole or whole["seconds"] <= 0:
        return ""
    return float(part["seconds"] / whole["seconds"])


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One result for repeated runs of a task: the median seconds and CPU seconds, the highest
    peak memory, the first answer; the first error if any run failed."""
    for result in runs:
        if "error" in result:
            return result
    merged = dict(runs[0])
    for key in ("seconds", "task_cpu"):
        merged[key] = statistics.median(float(result[key]) for result in runs)
    merged["peak_mb"] = max(float(result["peak_mb"]) for result in runs)
    return merged


def _paired_ratios(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> str:
    """Our seconds over theirs in each round (the two ran minutes apart at most), lowest to
    highest."""
    ratios = [_ratio(a, b) for a, b in zip(ours, theirs, strict=True)]
    found = sorted(r for r in ratios if isinstance(r, float))
    if not found:
        return ""
    return f"{found[0]:.2f}" if len(found) == 1 else f"{found[0]:.2f}-{found[-1]:.2f}"


def has_chdb() -> bool:
    return importlib.util.find_spec("chdb") is not None


def _comparators(analysis: str, limit: str | None) -> list[tuple[str, str]]:
    """pm4py and pandas need the whole log in memory: none out of core (nor chDB, whose
    MergeTree copy of 100M events would take longer to load than the rest of the run); chDB
    only when it is installed (the `bench` extra)."""
    if limit is not None:
        return []
    found = COMPARATORS.get(analysis, [])
    return [
        (label, task)
        for label, task in found
        if (has_chdb() or not task.startswith(CHDB)) and _chosen_comparator(label)
    ]


def _task_of(task: str) -> str:
    return task if ":" in task else f"{TASKS}:{task}"


def chdb_ratios(
    report: Report, name: str, runs: dict[str, list[dict[str, Any]]], limit: str | None
) -> None:
    """One note per data set: our median seconds over chDB's per analysis, against the
    target."""
    found = []
    for analysis in chosen_analyses():
        for label, task in _comparators(analysis, limit):
            if not task.startswith(CHDB):
                continue
            ours, theirs = median_run(runs[analysis]), median_run(runs[f"{analysis}: {label}"])
            ratio = _ratio(ours, theirs)
            if isinstance(ratio, float) and theirs.get("task_cpu"):
                cpu = float(ours["task_cpu"]) / float(theirs["task_cpu"])
                found.append(f"{analysis} ({label}) {ratio:.2f}x, CPU {cpu:.2f}x")
    if found:
        # CPU seconds too: on a shared machine the wall time mostly measures the neighbours
        report.notes.append(
            f"{name}: journeymap/chDB wall time, CPU time: "
            + "; ".join(found)
            + f" (target <= {CHDB_TARGET}x at 10M)"
        )


def _run_jobs(
    jobs: dict[str, tuple[str, float, dict[str, Any]]], store: str, repeat: int
) -> dict[str, list[dict[str, Any]]]:
    """`repeat` rounds of every job in turn; the results of each job, round by round."""
    if any(task.startswith(CHDB) for task, _timeout, _arguments in jobs.values()):
        from benchmarks.chdb_tasks import export

        export(store)  # once, before any child times anything
    runs: dict[str, list[dict[str, Any]]] = {key: [] for key in jobs}
    for _ in range(repeat):
        for key, (task, timeout, arguments) in jobs.items():
            runs[key].append(measure(task, timeout, **arguments))
    return runs


def bench_dataset(report: Report, dataset: Dataset, repeat: int = 1) -> None:
    """Every task on `dataset`, `repeat` rounds of all of them in turn (so a slow spell of a
    shared machine hits ours and the comparators alike), reported as medians."""
    store = str(dataset.store)
    events = event_count(dataset)
    spec = asdict(dataset)
    limit = OUT_OF_CORE_MEMORY if events >= OUT_OF_CORE_FROM else None
    if limit is not None:
        report.notes.append(
            f"{dataset.name}: DuckDB memory_limit={limit} (floor and ours); no pm4py or pandas "
            "(they need the whole log in memory)"
        )
    jobs: dict[str, tuple[str, float, dict[str, Any]]] = {
        "floor": (f"{TASKS}:floor", OURS_TIMEOUT, {"store": store, "memory_limit": limit})
    }
    map_path = None if dataset.map_path is None else str(dataset.map_path)
    analyses = chosen_analyses()
    extra = {analysis: floor_columns(analysis, map_path) for analysis in analyses}
    for analysis in analyses:
        if extra[analysis]:
            own = {"store": store, "memory_limit": limit, "columns": extra[analysis]}
            jobs[f"floor: {analysis}"] = (f"{TASKS}:floor", OURS_TIMEOUT, own)
        jobs[analysis] = (
            f"{TASKS}:ours",
            OURS_TIMEOUT,
            {
                "store": store,
                "analysis": analysis,
                "steps": list(spec["funnel_steps"]),
                "window": dataset.funnel_window,
                "map_path": map_path,
                "memory_limit": limit,
            },
        )
        for label, task in _comparators(analysis, limit):
            arguments: dict[str, Any] = {"store": store}
            if analysis == "funnel":
                arguments |= {"steps": list(dataset.funnel_steps), "window": dataset.funnel_window}
            jobs[f"{analysis}: {label}"] = (_task_of(task), PM4PY_TIMEOUT, arguments)
    runs = _run_jobs(jobs, store, repeat)
    for analysis in analyses:
        floor = median_run(runs[f"floor: {analysis}" if extra[analysis] else "floor"])
        ours = median_run(runs[analysis])
        if "error" in ours:
            report.notes.append(f"{dataset.name} {analysis}: ours {ours['error']}")
        base = [
            dataset.name,
            events,
            analysis,
            repeat,
            ours.get("seconds", "error"),
            ours.get("task_cpu", ""),
            ours.get("peak_mb", ""),
            floor.get("seconds", "error"),
            floor.get("peak_mb", ""),
            "+ " + ", ".join(extra[analysis]) if extra[analysis] else "common",
            _ratio(ours, floor),
        ]
        comparators = _comparators(analysis, limit)
        if not comparators:
            report.add(*base, "", "", "", "", "", "", "")
        for label, _task in comparators:
            rounds = runs[f"{analysis}: {label}"]
            theirs = median_run(rounds)
            if "error" in theirs:
                report.notes.append(f"{dataset.name} {label}: {theirs['error']}")
            report.add(
                *base,
                label,
                theirs.get("seconds", theirs.get("error", "")),
                theirs.get("task_cpu", ""),
                theirs.get("peak_mb", ""),
                _ratio(ours, theirs),
                _paired_ratios(runs[analysis], rounds),
                _same(ours, theirs),
            )
    chdb_ratios(report, dataset.name, runs, limit)


def run(sizes: list[int], repeat: int = 1) -> Report:
    report = Report(
        "analytics: journeymap on DuckDB vs the scan floor, pm4py, pandas and chDB",
        [
            "data",
            "events",
            "analysis",
            "runs",
            "ours s",
            "ours cpu s",
            "ours MB",
            "floor s",
            "floor MB",
            "floor reads",
            "ours/floor",
            "comparator",
            "comp s",
            "comp cpu s",
            "comp MB",
            "ours/comp",
            "per run",
            "same",
        ],
    )
    datasets: list[tuple[Dataset, int | None]] = []
    if max(sizes) >= BPI_FROM and bpi_log().exists():
        datasets.append((bpi_dataset(), None))
    elif max(sizes) >= BPI_FROM:
        report.notes.append(f"BPI Challenge 2012 skipped: {bpi_log()} not found")
    datasets += [(simulated_dataset(size), size) for size in sizes]
    for dataset, rows in datasets:
        report.notes.append(prepare(dataset, rows))
        bench_dataset(report, dataset, repeat)
    report.notes += [
        "seconds: wall time of the analysis alone (store opened and pandas frames loaded before "
        "timing); cpu s: CPU seconds of that part, all threads; MB: peak RSS of the child; "
        "with runs > 1, the median seconds and CPU seconds and the highest peak of that many "
        "rounds of every task in turn",
        "ours/floor and ours/comp: our wall seconds over theirs (targets: ours/floor <= 3, "
        "ours/comp <= 0.2 against pm4py at 10M events); per run: ours/comp within each round, "
        "lowest to highest",
        "same: the answers agree (funnel persons per step; DFG edge counts; counts of the 5 "
        "most frequent variants of each case's first 10 events)",
    ]
    if has_chdb():
        from benchmarks.chdb_tasks import SEMANTICS

        report.notes.append(SEMANTICS)
    else:
        report.notes.append("chDB skipped: chdb is not installed (pip install -e '.[bench]')")
    return report
