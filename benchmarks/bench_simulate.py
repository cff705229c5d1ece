"""Simulator speed: events per second at 1M and 10M events, JSONL and Parquet.

Comparator, measured in the same run: DuckDB's multi-threaded JSON writer (`COPY ... (FORMAT
JSON)`) writing the same Arrow table, the floor for our JSONL writer.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from benchmarks.harness import Report, in_child, timed

FULL_SIZES = [1_000_000, 10_000_000]
QUICK_SIZES = [100_000]


def simulate_and_write(events: int, path: str, fmt: str) -> dict[str, Any]:
    """Child: simulate about `events` events of the seed shop and write them."""
    from benchmarks.workloads import customers_for, seed_shop
    from journeymap.simulate import simulate, write_events

    journey = seed_shop()
    customers = customers_for(journey, events)
    table, simulate_seconds = timed(simulate, journey, customers, seed=42)
    _, write_seconds = timed(write_events, table, path, fmt)
    return {
        "rows": table.num_rows,
        "customers": customers,
        "simulate": simulate_seconds,
        "write": write_seconds,
    }


def duckdb_json(events: int, path: str) -> dict[str, Any]:
    """Child: the comparator, DuckDB writing the same table as JSON lines."""
    import duckdb

    from benchmarks.workloads import customers_for, seed_shop
    from journeymap.simulate import simulate

    journey = seed_shop()
    table = simulate(journey, customers_for(journey, events), seed=42)
    connection = duckdb.connect()
    connection.register("events", table)
    _, seconds = timed(connection.execute, f"COPY events TO '{path}' (FORMAT JSON)")
    return {"rows": table.num_rows, "write": seconds}


def run(sizes: list[int]) -> Report:
    report = Report(
        "simulate: seed-shop map",
        [
            "events",
            "format",
            "simulate s",
            "write s",
            "total s",
            "events/s",
            "cpu s",
            "events/cpu s",
            "peak MB",
            "duckdb write s",
            "write vs duckdb",
        ],
    )
    with tempfile.TemporaryDirectory(prefix="jm-bench-") as folder:
        for size in sizes:
            for fmt in ("parquet", "jsonl"):
                path = str(Path(folder) / f"events.{fmt}")
                ours = in_child(
                    "benchmarks.bench_simulate:simulate_and_write", events=size, path=path, fmt=fmt
                )
                total = ours["simulate"] + ours["write"]
                duck: list[Any] = ["", ""]
                if fmt == "jsonl":
                    floor = in_child(
                        "benchmarks.bench_simulate:duckdb_json",
                        events=size,
                        path=str(Path(folder) / "duck.jsonl"),
                    )
                    duck = [floor["write"], floor["write"] / ours["write"]]
                report.add(
                    ours["rows"],
                    fmt,
                    ours["simulate"],
                    ours["write"],
                    total,
                    ours["rows"] / total,
                    ours["cpu"],
                    ours["rows"] / ours["cpu"],
                    ours["peak_mb"],
                    *duck,
                )
                Path(path).unlink(missing_ok=True)
    report.notes.append(
        "cpu s: CPU seconds of the child (all threads) for simulate + write; on a shared machine "
        "wall seconds mostly measure the neighbours (see the load average above)"
    )
    report.notes.append(
        "events/s = events / (simulate + write); 'write vs duckdb' > 1 means our JSONL writer "
        "is faster than DuckDB's COPY ... (FORMAT JSON) of the same table"
    )
    return report
