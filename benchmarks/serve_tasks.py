"""Child tasks of the serving benchmark: prepare the serving state from ml-latest-small and time
`serve` against the blend recommender's own `recommend_one`, person by person."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.recommend_tasks import K, ratings_path

PERSONS = 300  # persons timed one by one


def _interactions(users: int) -> Any:
    from journeymap.personalize.interactions import read_ratings

    frame = read_ratings(ratings_path())
    if users:
        keep = sorted(frame["person"].unique(), key=int)[:users]
        frame = frame[frame["person"].isin(keep)]
    return frame


def _latencies(call: Any, persons: list[str]) -> dict[str, float]:
    """Wall-clock p50/p99 per call, and the p99 of the thread's CPU time (what the call itself
    costs, without the waits a shared machine's scheduler adds)."""
    for person in persons[:10]:  # warm caches (and the message catalog) first
        call(person)
    wall, cpu = [], []
    for person in persons:
        started, cpu_started = time.perf_counter(), time.thread_time()
        call(person)
        wall.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - cpu_started)
    return {
        "p50_ms": float(np.percentile(wall, 50) * 1000),
        "p99_ms": float(np.percentile(wall, 99) * 1000),
        "p99_cpu_ms": float(np.percentile(cpu, 99) * 1000),
    }


def serve_state(users: int) -> dict[str, Any]:
    """Child: build the state (default interest policy), write and read it, time `serve`."""
    from journeymap.personalize.strategies import build_state, load_state, save_state, serve

    interactions = _interactions(users)
    started = time.perf_counter()
    state = build_state(interactions, [])
    prepare = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = save_state(state, Path(folder) / "serving.json")
        size_mb = path.stat().st_size / 1024 / 1024
        started = time.perf_counter()
        state = load_state(path)
        load = time.perf_counter() - started
    persons = sorted(state.persons)[:PERSONS]
    return {
        "prepare_s": prepare,
        "load_s": load,
        "size_mb": size_mb,
        "persons": len(state.persons),
        **_latencies(lambda p: serve(state, p, K), persons),
    }


def blend_direct(users: int) -> dict[str, Any]:
    """Child: the comparator, the blend of `journeymap evaluate -m blend` called directly."""
    from journeymap.personalize.recommenders import (
        BlendRecommender,
        CoVisitationRecommender,
        EASERecommender,
        PopularityRecommender,
    )

    interactions = _interactions(users)
    model = BlendRecommender(
        sources=(
            (EASERecommender(l2=200.0, min_persons=3), 1.0),
            (CoVisitationRecommender(window=50, history=10), 1.0),
            (PopularityRecommender(half_life_days=30.0), 0.1),
        )
    )
    started = time.perf_counter()
    model.fit(interactions)
    fit = time.perf_counter() - started
    persons = sorted(interactions["person"].unique())[:PERSONS]
    return {
        "prepare_s": fit,
        "load_s": None,
        "size_mb": None,
        **_latencies(lambda p: model.recommend_one(p, n=K), persons),
    }
