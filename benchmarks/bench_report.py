"""`journeymap report` on the demo store and on N simulated events, against the previous
implementation of the same report in the same run.

Stores: the seed-shop demo workspace exactly as `journeymap demo` makes it (5,000 simulated
customers, about 30k events) and, per size, a store of N simulated seed-shop events
(`workloads.event_table`, ingested from Parquet). Each store is reported with its map's default
segment switcher (the simulation traits the data carries: three segmentations on the seed shop).

Each measurement is a fresh child process: `build_report` plus the HTML, timed by the report's
own clock (`report.timings.ReportClock`: Python, compiling queries to SQL, engine,
rendering) and as the child's wall time (Python start-up and imports included, as a user of
`journeymap report` waits). The comparator is the previous implementation: the `src/` of a git
revision (`BASELINE`, default the last commit before this work) unpacked with `git archive` and put
first on the child's path; its report is timed from outside its code (no clock inside it). The
two reports must give the same numbers (compared as JSON without the generation time).
Targets (issue 15): under 2 s on the demo store, under 10 s at 1M events.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import REPO, Report, in_child

FULL_SIZES = [1_000_000]
QUICK_SIZES = [20_000]
BASELINE = os.environ.get("JOURNEYMAP_BENCH_BASELINE", "0f7ae3a")
"""Git revision of the previous implementation: by default the last commit before the report
measured all segments in one pass (`JOURNEYMAP_BENCH_BASELINE` overrides)."""
TARGETS = {"demo": 2.0, 1_000_000: 10.0}


def make_demo(folder: str) -> dict[str, Any]:
    """Child: the demo workspace in `folder` (store, maps), as `journeymap demo` makes it."""
    from journeymap.report.demo import run_demo

    result = run_demo(Path(folder))
    return {"customers": result.customers}


def make_store(rows: int, folder: str) -> dict[str, Any]:
    """Child: a DuckDB store of `rows` simulated seed-shop events."""
    import pyarrow.parquet as pq

    from benchmarks.workloads import event_table
    from journeymap.events.ingest import ingest
    from journeymap.store import Store

    path = Path(folder) / "events.parquet"
    pq.write_table(event_table(rows), path)
    with Store.open(f"duckdb://{Path(folder) / 'store.duckdb'}") as store:
        (result,) = ingest(store, [str(path)])
        if not result.ok:
            raise RuntimeError(result.error)
    path.unlink()
    return {"rows": rows}


def measure(store: str, map_path: str, baseline_src: str | None = None) -> dict[str, Any]:
    """Child: one report (numbers and HTML) of `map_path` over `store`, timed; with
    `baseline_src`, by the code there."""
    if baseline_src:
        sys.path.insert(0, baseline_src)
    from journeymap.model import load_document
    from journeymap.report.build import build_report
    from journeymap.report.html import render_report_html
    from journeymap.store import Store

    journey = load_document(map_path).model
    with Store.open(store) as opened:
        parts: dict[str, Any] = {}
        started = time.perf_counter()
        if baseline_src:
            data = build_report(opened, journey)
            analysed = time.perf_counter()
            render_report_html(data)
        else:
            from journeymap.report.timings import ReportClock

            clock = ReportClock()
            with clock.analysing(opened.backend):
                data = build_report(opened, journey)
            analysed = time.perf_counter()
            with clock.rendering_phase():
                render_report_html(data)
            parts = clock.timings().as_dict()
        done = time.perf_counter()
    numbers = _normalized(data.as_dict() | {"generated_at": None})
    digest = hashlib.sha256(json.dumps(numbers, sort_keys=True, default=str).encode()).hexdigest()
    return {
        "report": done - started,
        "analysis": analysed - started,
        "parts": parts,
        "events": data.facts["events"],
        "segmentations": len(data.segmentations),
        "digest": digest[:12],
        "module": sys.modules["journeymap"].__file__,
    }


def _normalized(value: Any) -> Any:
    """`value` with floats to 9 significant digits and lists in a fixed order, so that two
    reports with the same numbers compare equal whatever order the engine returned tied rows
    in and whatever the last bit of a float."""
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return {str(k): _normalized(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        items = [_normalized(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return value


def _baseline_src(folder: Path) -> tuple[Path, str] | None:
    """`src/` of the BASELINE revision unpacked into `folder`, and the revision's short hash;
    None outside a git checkout."""
    git = ["git", "-C", str(REPO)]
    commit = subprocess.run(
        [*git, "rev-parse", "--short", BASELINE], capture_output=True, text=True, check=False
    )
    archive = subprocess.run([*git, "archive", BASELINE, "src"], capture_output=True, check=False)
    if commit.returncode != 0 or archive.returncode != 0:
        return None
    folder.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder / "src", commit.stdout.strip()


def _baseline_map(baseline: Path, map_path: str) -> Path:
    """The map as the baseline's own template wrote it, when it has one of that name: maps made
    since may use fields the baseline does not know (a solution's `chain:`), which change no
    number of the report."""
    own = baseline / "journeymap" / "templates" / "maps" / Path(map_path).name
    return own if own.is_file() else Path(map_path)


def _row(report: Report, label: str, implementation: str, result: dict[str, Any]) -> None:
    parts = result["parts"]
    report.add(
        label,
        result["events"],
        implementation,
        result["report"],
        *(parts.get(key, "–") for key in ("building", "compiling", "engine", "rendering")),
        parts.get("queries", "–"),
        result["wall"],
        result["cpu"],
        result["peak_mb"],
    )


def run(sizes: list[int]) -> Report:
    report = Report(
        "report: `journeymap report` (numbers and HTML, segment switcher on), seconds",
        [
            "store",
            "events",
            "implementation",
            "report s",
            "python s",
            "compiling s",
            "engine s",
            "rendering s",
            "queries",
            "child wall s",
            "cpu s",
            "peak MB",
        ],
    )
    with tempfile.TemporaryDirectory(prefix="jm-bench-report-") as folder:
        root = Path(folder)
        found = _baseline_src(root / "baseline")
        baseline, revision = found if found else (None, "")
        demo = root / "demo"
        in_child("benchmarks.bench_report:make_demo", folder=str(demo))
        stores: list[tuple[str | int, str, str]] = [
            (
                "demo",
                f"duckdb://{demo / '.journeymap' / 'store.duckdb'}",
                str(demo / "maps" / "seed-shop.en.yaml"),
            )
        ]
        from benchmarks.workloads import SEED_SHOP

        for size in sizes:
            data = root / f"data-{size}"
            data.mkdir()
            in_child("benchmarks.bench_report:make_store", rows=size, folder=str(data))
            stores.append((size, f"duckdb://{data / 'store.duckdb'}", str(SEED_SHOP)))
        for label, store, map_path in stores:
            name = label if isinstance(label, str) else f"{label:,} simulated"
            ours = in_child("benchmarks.bench_report:measure", store=store, map_path=map_path)
            _row(report, name, "this branch", ours)
            target = TARGETS.get(label)
            if target is not None:
                met = "met" if ours["report"] < target else "NOT met"
                report.notes.append(
                    f"{name}: target under {target:.0f} s {met} ({ours['report']:.2f} s; "
                    f"{ours['segmentations']} segmentations)"
                )
            if baseline is None:
                continue
            try:
                before = in_child(
                    "benchmarks.bench_report:measure",
                    store=store,
                    map_path=str(_baseline_map(baseline, map_path)),
                    baseline_src=str(baseline),
                )
            except RuntimeError as error:  # e.g. a store schema newer than the baseline knows
                last = str(error).strip().splitlines()[-1]
                report.notes.append(
                    f"{name}: the previous implementation ({revision}) failed: {last}"
                )
                continue
            _row(report, name, f"previous ({revision})", before)
            same = "the same" if before["digest"] == ours["digest"] else "DIFFERENT"
            report.notes.append(
                f"{name}: {before['report'] / ours['report']:.1f}x faster than {revision}; "
                f"the report's numbers are {same}"
            )
    if baseline is None:
        report.notes.append(f"no previous implementation: `git archive {BASELINE}` failed")
    report.notes.append(
        "report s = build_report + HTML in the child (after imports and opening the store); the "
        "four parts are the report's own clock (`--timings`); child wall s includes Python "
        "start-up and imports"
    )
    return report
