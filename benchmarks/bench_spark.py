"""Spark store against DuckDB store: start-up, ingest, stats and a funnel on the same events.

One child process per engine and size runs, in order: opening the store (for Spark: starting
the JVM and the session, `local[*]`), `ingest` of a Parquet file of simulated seed-shop events,
`store_stats` and the 5-step shop funnel. The DuckDB child is the comparator, on the same file
in the same run. Spark runs on this machine only (a cluster adds network and scheduling, and
removes the one-machine limit); what the table shows is the fixed cost Spark adds per command
and per query, and how it changes with size.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import Report, in_child

# 10_000_000 with --sizes: about 1,100 CPU seconds of Spark's JVM by the 1M profile
# (RESULTS.md, 2026-12-07), 10-20 minutes on a quiet 2-core machine, 20-40 on a shared one
FULL_SIZES = [1_000_000]
QUICK_SIZES = [20_000]
FUNNEL = (
    "Product List Viewed",
    "Product Viewed",
    "Product Added",
    "Checkout Started",
    "Order Completed",
)
STEPS = ("open", "ingest", "stats", "funnel")


def make_input(rows: int, path: str) -> dict[str, Any]:
    """Child: `rows` simulated events as one Parquet file."""
    import pyarrow.parquet as pq

    from benchmarks.workloads import event_table

    pq.write_table(event_table(rows), path)
    return {"rows": rows}


def measure(store: str, path: str) -> dict[str, Any]:
    """Child: seconds of each step on `store`, and what the steps found (to compare)."""
    from journeymap.analytics.funnel import funnel
    from journeymap.events.ingest import ingest
    from journeymap.store import Store, store_stats

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    opened = Store.open(store)
    seconds["open"] = time.perf_counter() - started
    try:
        started = time.perf_counter()
        (result,) = ingest(opened, [path])
        seconds["ingest"] = time.perf_counter() - started
        if not result.ok:
            raise RuntimeError(result.error)
        started = time.perf_counter()
        stats = store_stats(opened)
        seconds["stats"] = time.perf_counter() - started
        started = time.perf_counter()
        steps = funnel(opened.events(), list(FUNNEL), window="7d").to_dict()["steps"]
        seconds["funnel"] = time.perf_counter() - started
    finally:
        opened.close()
    return {
        "seconds": seconds,
        "events": stats["events"],
        "persons": stats["persons"],
        "funnel": [step["persons"] for step in steps],
    }


def _spark_url(folder: Path) -> str:
    return f"pyspark://local[*]?warehouse={folder / 'warehouse'}"


def run(sizes: list[int]) -> Report:
    report = Report(
        "spark: a PySpark store (local[*]) against a DuckDB store, seconds per step",
        ["events", "engine", *(f"{step} s" for step in STEPS), "total s", "cpu s", "peak MB"],
    )
    with tempfile.TemporaryDirectory(prefix="jm-bench-spark-") as folder:
        for size in sizes:
            data = Path(folder) / f"data-{size}"
            data.mkdir()
            path = data / "events.parquet"
            in_child("benchmarks.bench_spark:make_input", rows=size, path=str(path))
            found = {}
            for engine, store in (
                ("duckdb", f"duckdb://{data / 'store.duckdb'}"),
                ("pyspark", _spark_url(data)),
            ):
                result = in_child("benchmarks.bench_spark:measure", store=store, path=str(path))
                steps = [result["seconds"][step] for step in STEPS]
                report.add(
                    result["events"],
                    engine,
                    *steps,
                    result["wall"],
                    result["cpu"],
                    result["peak_mb"],
                )
                found[engine] = (result["events"], result["persons"], result["funnel"])
            same = "the same" if found["duckdb"] == found["pyspark"] else "DIFFERENT"
            report.notes.append(f"{size:,}: events, persons and funnel counts are {same}")
    report.notes.append(
        "open = starting the engine and opening the store (Spark: JVM and session); total = the "
        "child's wall time including Python start-up; cpu and peak MB are the Python process's "
        "own (Spark's JVM is a child of it, its CPU and memory are not counted)"
    )
    return report
