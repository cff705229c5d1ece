"""The load test: N events through the official Segment SDK into `journeymap serve` on loopback,
once undisturbed and once with a SIGKILL of the server (and its loader) mid-load and a restart.

Each run counts, in the store, the events the SDK saw acknowledged (a 200, sent only after the
spool's fsync): "lost" (acknowledged, not stored) and "duplicated" (rows beyond one per
messageId) must both be 0. Comparator, in the same run: the same events written straight into
a DuckDB table with `executemany` (at most `COMPARATOR_CAP` of them: DuckDB runs executemany
row by row, so 1M would take longer than both our runs together; its events/s is what counts).
`make soak` runs it at 1M events.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.harness import Report, in_child
from benchmarks.load_run import run_load

FULL_SIZES = [1_000_000]
QUICK_SIZES = [20_000]
COMPARATOR_CAP = 20_000
KILL_AT = 0.4
"""Share of the events acknowledged when the server is killed."""
TIMEOUT = 3600.0


def run(sizes: list[int]) -> Report:
    report = Report(
        "load: Segment SDK -> journeymap serve on loopback, undisturbed and killed mid-load",
        [
            "events",
            "run",
            "acknowledged",
            "lost",
            "duplicated",
            "ack s",
            "events/s",
            "loaded s",
            "executemany events",
            "executemany ev/s",
            "ev/s vs executemany",
        ],
    )
    with tempfile.TemporaryDirectory(prefix="jm-bench-load-") as folder:
        for size in sizes:
            runs = [
                ("undisturbed", run_load(size, Path(folder) / f"plain-{size}", timeout=TIMEOUT)),
                (
                    "SIGKILL + restart",
                    run_load(size, Path(folder) / f"kill-{size}", kill_at=KILL_AT, timeout=TIMEOUT),
                ),
            ]
            floor_events = min(size, COMPARATOR_CAP)
            floor = in_child(
                "benchmarks.bench_collect:executemany_floor",
                count=floor_events,
                store=str(Path(folder) / f"floor-{size}.duckdb"),
            )
            floor_rate = floor_events / floor["seconds"]
            for name, result in runs:
                at_kill = f" (at {result.acknowledged_before_kill:,} acknowledged)"
                report.add(
                    size,
                    name + (at_kill if result.kills else ""),
                    result.acknowledged,
                    result.lost,
                    result.duplicated,
                    result.ack_seconds,
                    result.events_per_s,
                    result.loaded_seconds,
                    floor_events,
                    floor_rate,
                    result.events_per_s / floor_rate,
                )
    report.notes += [
        "ack s: from the first track() until the SDK's queue was empty, every batch answered"
        " with a 200 (after the spool's fsync); loaded s: until the spool was empty (same clock)",
        "the SDK (one consumer thread, batches of 100), uvicorn (one worker) and the loader share"
        " the machine's cores",
        f"the killed run: SIGKILL to the server's process group once {KILL_AT:.0%} of the events"
        " were acknowledged, restart on the same port; the SDK retried what was not answered",
    ]
    return report
