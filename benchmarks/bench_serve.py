"""Serving one person's stage recommendations from precomputed state (`strategies.serve`)
against the blend recommender's direct `recommend_one`, on ml-latest-small.

`serve` reads the state `build_state` prepared (per person candidates of each source, the
popular lists, the resolved policies) and only blends, filters and writes the reasons; the
comparator scores all items with its models on every call. Latency is per person (p50/p99 over
up to 300 persons, n = 10, reasons included; also the p99 of the call's CPU time), in the
same run. Sizes are numbers of users (0 =
all 610). `prepare s` is `build_state` for serving and `fit` for the blend.
"""

from __future__ import annotations

from benchmarks.harness import Report, in_child

FULL_SIZES = [0]
QUICK_SIZES = [60]
TASKS = "benchmarks.serve_tasks"


def run(sizes: list[int]) -> Report:
    report = Report(
        title="Serving stage recommendations on ml-latest-small (n = 10, one person a call)",
        columns=[
            "users",
            "path",
            "prepare s",
            "load s",
            "state MB",
            "p50 ms",
            "p99 ms",
            "p99 CPU ms",
            "speed-up",
        ],
    )
    for users in sizes:
        served = in_child(f"{TASKS}:serve_state", users=users)
        direct = in_child(f"{TASKS}:blend_direct", users=users)
        for name, result in (("serve (precomputed)", served), ("blend recommend_one", direct)):
            report.add(
                users or "all",
                name,
                result["prepare_s"],
                "-" if result["load_s"] is None else result["load_s"],
                "-" if result["size_mb"] is None else result["size_mb"],
                result["p50_ms"],
                result["p99_ms"],
                result["p99_cpu_ms"],
                f"{direct['p50_ms'] / max(result['p50_ms'], 1e-9):.1f}x",
            )
    report.notes.append("speed-up: the blend's p50 divided by the path's p50")
    report.notes.append(
        "p99 CPU ms: the call's own CPU time; wall-clock p99 above it is time spent waiting for "
        "a core (the machine is shared)"
    )
    return report
