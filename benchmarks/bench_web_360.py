"""The customer 360 alone at N simulated events (`python -m benchmarks --only web_360`, some
minutes, where `--only web` measures every page in some 17): its first visit and later visits,
page and JSON twin, over HTTP against the library call behind it and a bare FastAPI endpoint,
in the same run.

The workspace is the web benchmark's (`bench_web.make_workspace`: the analytics benchmark's
cached store of N simulated seed-shop events, the seed-shop map, no prepared serving state), so
the page computes the one customer's recommendations from models fitted once per store. Two
fresh `journeymap web` processes are measured in turn:

- `store without profiles`: the store as imported; every visit builds the customer's profile
  for her alone (nobody else's is built or written), the first also fits the shared serving
  models (item popularity, of everyone and of every region and segment read from traits,
  item-kNN, co-visitation, bought together);
- then `journeymap profiles` writes everyone's profiles (timed: what the page no longer waits
  for);
- `profiles in the store`: a new process on the same store: the first visit fits the shared
  models and serves her from her stored profile; later visits only serve her.

Comparators: `person_360` in a fresh Python process on the same store (first call, then the
median of `rounds`), the recommendations part alone before and after the profiles are stored,
and the bare endpoint through uvicorn.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from benchmarks.bench_web import (
    TIMEOUT,
    _store,
    measure_bare,
    measure_library,
    measure_web,
)
from benchmarks.harness import Report, in_child

FULL_SIZES = [1_000_000]
QUICK_SIZES = [3_000]
ROUNDS = 3
PAGES = ("customer 360 page", "customer 360 JSON")


def measure_person_360(folder: str, person: str, rounds: int) -> dict[str, Any]:
    """Child: `person_360`'s first call and median later call, in a fresh process."""
    return measure_library(folder, person, "customer 360", rounds)


def measure_serving(folder: str, person: str, rounds: int) -> dict[str, Any]:
    """Child: the recommendations part alone: `prepare_shared` once (the first visit's share),
    then the median of one customer's `person_serving` + `serve` (a later visit's share)."""
    import time

    from benchmarks.bench_web import MAP
    from benchmarks.harness import median_seconds
    from journeymap.model import load_document
    from journeymap.model.workspace import load_workspace
    from journeymap.personalize.catalog import load_catalog
    from journeymap.personalize.strategies import serve
    from journeymap.personalize.strategies.one_person import person_serving, prepare_shared
    from journeymap.store import Store

    root = Path(folder)
    workspace = load_workspace(root)
    journey = load_document(root / "maps" / f"{MAP}.yaml").model
    with Store.open(workspace) as store:
        started = time.perf_counter()
        shared = prepare_shared(store, journey=journey, catalog=load_catalog(workspace))
        first = time.perf_counter() - started

        def one() -> None:
            serve(person_serving(store, shared, person), person, 5)

        return {"first": first, "median": median_seconds(one, rounds)}


def write_profiles(folder: str) -> dict[str, Any]:
    """Child: everyone's profiles for the map, as `journeymap profiles` computes and stores them."""
    import time

    from benchmarks.bench_web import MAP
    from journeymap.model import load_document
    from journeymap.model.workspace import load_workspace
    from journeymap.personalize.catalog import load_catalog
    from journeymap.personalize.profile_store import update_profiles
    from journeymap.personalize.strategies.one_person import profile_inputs
    from journeymap.store import Store

    root = Path(folder)
    workspace = load_workspace(root)
    journey = load_document(root / "maps" / f"{MAP}.yaml").model
    with Store.open(workspace) as store:
        started = time.perf_counter()
        update_profiles(store, profile_inputs(store, journey, load_catalog(workspace)))
        return {"first": time.perf_counter() - started}


def run(sizes: list[int], repeat: int = 1) -> Report:
    from benchmarks.bench_analytics import measure

    rounds = max(ROUNDS, repeat)
    report = Report(
        "customer 360 over HTTP on loopback against the library call, seconds",
        ["events", "what", "first visit s", "median s"],
    )
    for rows in sizes:
        store = _store(rows)
        with tempfile.TemporaryDirectory(prefix="jm-bench-360-") as folder:
            root = Path(folder) / "ws"
            made = in_child("benchmarks.bench_web:make_workspace", folder=str(root),
                            store=str(store))  # fmt: skip
            person, events = made["person"], made["events"]
            for when in ("store without profiles", "profiles in the store"):
                for label, (first, median) in measure_web(root, person, rounds, PAGES).items():
                    report.add(events, f"{label}, {when}", first, median)
                serving = measure("benchmarks.bench_web_360:measure_serving", TIMEOUT,
                                  folder=str(root), person=person, rounds=rounds)  # fmt: skip
                report.add(events, f"library: prepare_shared, then person_serving + serve, {when}",
                           serving.get("first", serving.get("error", "–")),
                           serving.get("median", "–"))  # fmt: skip
                if when == "store without profiles":
                    stored = measure("benchmarks.bench_web_360:write_profiles", TIMEOUT,
                                     folder=str(root))  # fmt: skip
                    report.add(events, "library: everyone's profiles (journeymap profiles)",
                               stored.get("first", stored.get("error", "–")), "–")  # fmt: skip
            library = measure("benchmarks.bench_web_360:measure_person_360", TIMEOUT,
                              folder=str(root), person=person, rounds=rounds)  # fmt: skip
            report.add(events, "library: person_360 (fresh process, profiles in the store)",
                       library.get("first", library.get("error", "–")),
                       library.get("median", "–"))  # fmt: skip
    bare = f"{measure_bare(rounds):.4f}"
    report.add("–", "bare FastAPI endpoint (uvicorn, constant JSON)", "–", bare)
    report.notes.append(
        f"median of {rounds} visits or calls after the first; one `journeymap web` process per "
        "row pair (uvicorn), httpx on loopback with one keep-alive connection; the JSON twin is "
        "asked after the page, so its first visit finds the shared models already fitted; "
        f"a page or call is given {TIMEOUT:.0f} s"
    )
    return report
