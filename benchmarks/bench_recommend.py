"""Recommender quality and cost on MovieLens ml-latest-small (ratings as interactions).

Same split for all (each user's last 20% of ratings by time is the test set, users with at
least 5 ratings), full ranking over all items with the user's training items masked, NDCG@10,
Recall@10, MAP@10, coverage; training seconds, peak memory of the child process, and the
latency of one person's `recommend_one` call (the serving path; p50/p99, reasons included).

Comparators, measured in the same run: `implicit` ALS and BPR, each tuned over the grid in
`recommend_tasks.GRIDS` on a validation split carved from the training part (the same
protocol for our models), and global popularity. Sizes are numbers of users (0 = all 610);
fewer than 200 users switch to the small grids of `QUICK_GRIDS`.
"""

from __future__ import annotations

from typing import Any

from benchmarks.harness import Report, in_child

FULL_SIZES = [0]
QUICK_SIZES = [60]
TASKS = "benchmarks.recommend_tasks"
TUNED = ("implicit ALS", "implicit BPR", "EASE", "item-kNN BM25", "co-visitation")
BASELINE = "implicit ALS"


def run(sizes: list[int]) -> Report:
    report = Report(
        title="Recommenders on ml-latest-small (per-person temporal split, k = 10)",
        columns=[
            "users",
            "model",
            "NDCG@10",
            "vs ALS",
            "Recall@10",
            "MAP@10",
            "coverage",
            "fit s",
            "peak MB",
            "p50 ms",
            "p99 ms",
            "params",
        ],
    )
    for users in sizes:
        quick = 0 < users < 200
        chosen: dict[str, dict[str, Any]] = {"popularity": {}}
        for name in TUNED:
            tuned = in_child(f"{TASKS}:tune", name=name, users=users, quick=quick)
            chosen[name] = tuned["params"]
            report.notes.append(
                f"{name}: {tuned['points']} grid points, best on validation {tuned['params']} "
                f"(NDCG@10 {tuned['validation_ndcg']:.4f})"
            )
        blend = in_child(
            f"{TASKS}:tune_blend",
            ease=chosen["EASE"],
            covisitation=chosen["co-visitation"],
            users=users,
        )
        chosen["blend"] = blend["params"]
        report.notes.append(f"blend: best on validation {blend['params']}")
        results = {
            name: in_child(f"{TASKS}:measure", name=name, params=params, users=users)
            for name, params in chosen.items()
        }
        baseline = results[BASELINE]["ndcg"] or 1e-12
        for name, result in results.items():
            report.add(
                users or "all",
                name,
                f"{result['ndcg']:.4f}",
                f"{result['ndcg'] / baseline:.3f}",
                f"{result['recall']:.4f}",
                f"{result['map']:.4f}",
                f"{result['coverage']:.3f}",
                result["fit_seconds"],
                result["peak_mb"],
                result["p50_ms"],
                result["p99_ms"],
                _short(chosen[name]),
            )
    report.notes.append("machine shared with other jobs: seconds are wall time under load")
    return report


def _short(params: dict[str, Any]) -> str:
    if "ease" in params:
        return (
            f"EASE {params['ease']} + co-vis x{params['w_covisitation']} "
            f"+ recent pop x{params['w_popularity']}"
        )
    return ", ".join(f"{k}={v}" for k, v in params.items()) or "-"
