"""Inputs of the analytics benchmark: stores of real and simulated events, built once, cached.

Every data set becomes a DuckDB store file (`events` table of the store schema) under
`benchmarks/out/analytics-cache/`, reused by later runs:

- `bpic2012`: the real BPI Challenge 2012 log, imported with journeymap's own XES importer
  (`journeymap.events.ingest`), one application (trace) per person.
- `sim-N`: N simulated seed-shop track events, written once to Parquet and loaded into the store
  table. The simulator leaves `person_id` to identity stitching at ingest; full ingest of 10M
  rows takes many minutes, so the benchmark stitches with one SQL join instead (a person is the
  user id, or the user id its anonymous id was seen with, or the anonymous id). Above
  `PART_ROWS` events the simulation is written in parts of `PART_ROWS` (each from its own
  seeds, so no customer spans two parts) to a folder of Parquet files, which keeps the memory
  of building a 100M-event store at that of one part. Events are numbered in file order
  (`seq`, the tie-breaker after the timestamp, as ingest numbers them); caches built before
  that have no `seq`, which left events at the same time in no defined order: rebuild them.

The cache is keyed by name only: delete `benchmarks/out/analytics-cache/` after changing the
simulator, the seed-shop map or the importer, and the next run rebuilds it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import REPO, timed

CACHE = REPO / "benchmarks" / "out" / "analytics-cache"
LOAN_MAP = REPO / "examples" / "bpi-loan" / "maps" / "loan.en.yaml"
PART_ROWS = 5_000_000
SEEDS_PER_PART = 1_000  # far more than the top-up seeds one part needs
BUILD_MEMORY = "6GB"  # DuckDB spills beyond it: the 100M-event load stays within the machine


@dataclass(frozen=True)
class Dataset:
    """A store to benchmark on, with the funnel and map that fit its events."""

    name: str
    store: Path
    funnel_steps: tuple[str, ...]
    funnel_window: str
    map_path: Path | None  # None: the seed-shop template map with its simulation block


SHOP_FUNNEL = (
    "Product List Viewed",
    "Product Viewed",
    "Product Added",
    "Checkout Started",
    "Order Completed",
)
LOAN_FUNNEL = ("A_SUBMITTED", "A_PARTLYSUBMITTED", "A_PREACCEPTED", "A_ACCEPTED", "A_FINALIZED")


def bpi_log() -> Path:
    root = Path(os.environ.get("JOURNEYMAP_DATA", REPO.parent / "shared" / "data"))
    return root / "pm4py-eventlogs" / "bpic2012.xes.gz"


def bpi_dataset() -> Dataset:
    return Dataset("bpic2012", CACHE / "bpic2012.duckdb", LOAN_FUNNEL, "30d", LOAN_MAP)


def simulated_dataset(rows: int) -> Dataset:
    return Dataset(f"sim-{rows}", CACHE / f"sim-{rows}.duckdb", SHOP_FUNNEL, "7d", None)


def build_bpi(store: str) -> dict[str, object]:
    """Child: import the BPI log into a fresh store with the XES importer."""
    from journeymap.events.ingest import ingest
    from journeymap.store import Store

    partial = Path(store + ".partial")
    partial.unlink(missing_ok=True)
    opened = Store.open(f"duckdb://{partial}")
    try:
        (result,), seconds = timed(ingest, opened, [bpi_log()])
    finally:
        opened.close()
    if not result.ok:
        raise RuntimeError(result.error)
    partial.rename(store)
    return {"rows": result.rows_stored, "seconds": seconds}


def build_simulated(rows: int, store: str) -> dict[str, object]:
    """Child: simulate `rows` track events once to Parquet, then load them into a store."""
    from benchmarks.workloads import event_table
    from journeymap.simulate import write_events
    from journeymap.store import Store

    parquet = Path(store).with_suffix(".parquet")
    if rows > PART_ROWS:
        parquet = _write_parts(rows, Path(store).with_suffix(".parts"))
    elif not parquet.exists():
        written = write_events(
            event_table(rows, tracks_only=True), parquet.with_suffix(".tmp"), "parquet"
        )
        written.rename(parquet)
    partial = Path(store + ".partial")
    partial.unlink(missing_ok=True)
    opened = Store.open(f"duckdb://{partial}?memory_limit={BUILD_MEMORY}")
    try:
        opened.duckdb.execute(
            f"""
            INSERT INTO events BY NAME
            WITH raw AS (
                SELECT * REPLACE (row_number() OVER () AS seq)
                FROM read_parquet('{parquet}', union_by_name = true)
            ),
            links AS (
                SELECT anonymous_id, min(user_id) AS linked FROM raw
                WHERE anonymous_id IS NOT NULL AND user_id IS NOT NULL GROUP BY anonymous_id
            )
            SELECT raw.* REPLACE (
                coalesce(raw.user_id, links.linked, raw.anonymous_id) AS person_id
            )
            FROM raw LEFT JOIN links USING (anonymous_id)
            """
        )
        fetched = opened.duckdb.execute("SELECT count(*) FROM events").fetchone()
    finally:
        opened.close()
    partial.rename(store)
    return {"rows": int(fetched[0]) if fetched else 0}


def clustered_marker(store: Path) -> Path:
    """The file that says `store` was clustered (`cluster`); older caches lack it."""
    return store.with_name(store.name + ".clustered")


def cluster(store: str) -> dict[str, object]:
    """Child: cluster a built store's events by person and time (`journeymap optimize`), as
    the docs advise after large imports; the analytics benchmark runs on clustered stores."""
    from journeymap.store import Store, cluster_events

    opened = Store.open(f"duckdb://{store}?memory_limit={BUILD_MEMORY}", upgrade=False)
    try:
        done = cluster_events(opened)
    finally:
        opened.close()
    clustered_marker(Path(store)).write_text(f"{done.rows} events\n", encoding="utf-8")
    return {"rows": done.rows, "seconds": done.seconds}


def _write_parts(rows: int, folder: Path) -> Path:
    """The simulation in Parquet parts of at most PART_ROWS events; a glob over them."""
    from benchmarks.workloads import event_table
    from journeymap.simulate import write_events

    folder.mkdir(parents=True, exist_ok=True)
    for number, first in enumerate(range(0, rows, PART_ROWS)):
        part = folder / f"part-{number:04d}.parquet"
        if part.exists():  # a build that stopped half-way resumes here
            continue
        table = event_table(
            min(PART_ROWS, rows - first),
            tracks_only=True,
            first_seed=(number + 1) * SEEDS_PER_PART,
        )
        write_events(table, part.with_suffix(".tmp"), "parquet").rename(part)
    return folder / "*.parquet"
