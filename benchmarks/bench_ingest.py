"""Ingestion speed: rows per second and peak memory for CSV, JSONL and Parquet.

Comparator, measured in the same run on the same file: the floor of a raw DuckDB
`CREATE TABLE ... AS SELECT * FROM read_csv/read_json/read_parquet(file)`, which parses the file
but does no mapping, validation, dedupe, quarantine or identity stitching.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from benchmarks.harness import Report, in_child, timed

FULL_SIZES = [1_000_000, 10_000_000]
QUICK_SIZES = [100_000]
READERS = {"csv": "read_csv", "jsonl": "read_json", "parquet": "read_parquet"}


def make_inputs(rows: int, folder: str) -> dict[str, Any]:
    """Child: write the same simulated events as CSV, JSONL and Parquet."""
    from benchmarks.workloads import write_inputs

    files, seconds = timed(write_inputs, rows, Path(folder))
    return {"files": {k: str(v) for k, v in files.items()}, "seconds": seconds}


def ingest_ours(path: str, store: str) -> dict[str, Any]:
    """Child: `journeymap.events.ingest` into a fresh DuckDB store."""
    from journeymap.events.ingest import ingest
    from journeymap.store import Store

    opened = Store.open(f"duckdb://{store}")
    try:
        (result,), seconds = timed(ingest, opened, [path])
    finally:
        opened.close()
    if not result.ok:
        raise RuntimeError(result.error)
    return {
        "rows": result.rows_stored,
        "quarantined": result.rows_quarantined,
        "reasons": result.reasons,
        "seconds": seconds,
    }


def ingest_floor(path: str, store: str, reader: str) -> dict[str, Any]:
    """Child: the floor, DuckDB reading the file into a table and nothing else."""
    import duckdb

    connection = duckdb.connect(store)
    _, seconds = timed(
        connection.execute, f"CREATE TABLE events AS SELECT * FROM {reader}('{path}')"
    )
    fetched = connection.execute("SELECT count(*) FROM events").fetchone()
    connection.close()
    return {"rows": int(fetched[0]) if fetched else 0, "seconds": seconds}


def run(sizes: list[int]) -> Report:
    report = Report(
        "ingest: simulated seed-shop events into a DuckDB store",
        [
            "rows",
            "format",
            "file MB",
            "ingest s",
            "rows/s",
            "cpu s",
            "peak MB",
            "duckdb s",
            "duckdb rows/s",
            "duckdb peak MB",
            "speed vs duckdb",
        ],
    )
    with tempfile.TemporaryDirectory(prefix="jm-bench-") as folder:
        for size in sizes:
            data = Path(folder) / f"data-{size}"
            files = in_child("benchmarks.bench_ingest:make_inputs", rows=size, folder=str(data))
            for fmt, path in files["files"].items():
                ours = in_child(
                    "benchmarks.bench_ingest:ingest_ours",
                    path=path,
                    store=str(data / f"store-{fmt}.duckdb"),
                )
                floor = in_child(
                    "benchmarks.bench_ingest:ingest_floor",
                    path=path,
                    store=str(data / f"floor-{fmt}.duckdb"),
                    reader=READERS[fmt],
                )
                report.add(
                    ours["rows"],
                    fmt,
                    Path(path).stat().st_size / 1024 / 1024,
                    ours["seconds"],
                    ours["rows"] / ours["seconds"],
                    ours["cpu"],
                    ours["peak_mb"],
                    floor["seconds"],
                    floor["rows"] / floor["seconds"],
                    floor["peak_mb"],
                    floor["seconds"] / ours["seconds"],
                )
                if ours["quarantined"]:
                    reasons = "; ".join(f"{r}: {n:,}" for r, n in ours["reasons"].items())
                    report.notes.append(f"{fmt} {size:,}: quarantined {reasons}")
    report.notes.append(
        "'speed vs duckdb' = duckdb seconds / our seconds: 1.0 would match the raw read, "
        "below 1 is the price of mapping, validation, dedupe and stitching"
    )
    return report
