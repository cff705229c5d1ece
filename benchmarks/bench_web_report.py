"""The report page alone, with its cache (`report.report_cache`): the first visit of a view (built
and kept), the second (read from `.journeymap/cache/reports/`), the JSON twin, a visit after the
app was restarted, and another segment (built), against the library call `build_report` +
`render_report_html` on the same store in the same run. Also the workbench funnel of event
names (not bound to the map since the funnel names no touchpoint or stage) against the library
funnel over raw and over bound events.

A narrower `python -m benchmarks --only web`: the same workspace (`bench_web.make_workspace`,
the analytics benchmark's cached store of N simulated seed-shop events) served by `journeymap
web` in its own process, asked by httpx over loopback; a few minutes at 1M instead of ~17.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.analytics_data import SHOP_FUNNEL
from benchmarks.bench_web import MAP, PASSWORD, TIMEOUT, USER, Served, _store
from benchmarks.harness import Report, in_child

FULL_SIZES = [1_000_000]
QUICK_SIZES = [3_000]
ROUNDS = 3
PAGE = f"/maps/{MAP}/report"
FUNNEL = f"/maps/{MAP}/analytics.json?" + urlencode(
    {"kind": "funnel", "steps": list(SHOP_FUNNEL)}, doseq=True
)
LIBRARY = {
    "report": "library: build_report + render_report_html",
    "funnel, raw events": "library: funnel over raw events",
    "funnel, events bound to the map": "library: funnel over events bound to the map",
}


def _visits(root: Path, urls: list[tuple[str, str]], rounds: int) -> list[tuple[str, float]]:
    """Seconds of each visit, in order, from one freshly started `journeymap web` process; a
    label ending in `*` is asked `rounds` times and reported as its median."""
    import statistics

    import httpx

    command = [sys.executable, "-m", "journeymap", "web"]
    seconds: list[tuple[str, float]] = []
    with (
        Served(command, root, "/login") as server,
        httpx.Client(base_url=server.url, timeout=TIMEOUT) as client,
    ):
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert token
        form = {"csrf": token[1], "name": USER, "password": PASSWORD, "next": "/maps"}
        client.post("/login", data=form)
        for label, url in urls:
            times = []
            for _ in range(rounds if label.endswith("*") else 1):
                started = time.perf_counter()
                answer = client.get(url)
                times.append(time.perf_counter() - started)
                if answer.status_code != 200:
                    raise RuntimeError(f"{url}: {answer.status_code} {answer.text[:300]}")
            seconds.append((label.rstrip("*"), statistics.median(times)))
    return seconds


def run(sizes: list[int], repeat: int = 1) -> Report:
    from benchmarks.bench_analytics import measure

    rounds = max(ROUNDS, repeat)
    report = Report(
        "web app: the report page with its cache, seconds",
        ["events", "what", "seconds", "x library"],
    )
    for rows in sizes:
        store = _store(rows)
        with tempfile.TemporaryDirectory(prefix="jm-bench-web-report-") as folder:
            root = Path(folder) / "ws"
            made = in_child("benchmarks.bench_web:make_workspace", folder=str(root),
                            store=str(store))  # fmt: skip
            library = {
                call: measure(
                    "benchmarks.bench_web:measure_library",
                    TIMEOUT,
                    folder=str(root),
                    person=made["person"],
                    call=call,
                    rounds=1,
                ).get("median", float("nan"))
                for call in LIBRARY
            }
            own = float(library["report"])
            visits = _visits(
                root,
                [
                    ("report page, first visit (built, cached)", PAGE),
                    ("report page, later visits (cache)*", PAGE),
                    ("report JSON (cache)*", f"{PAGE}.json"),
                    (
                        "report page, segment channel=web, first visit",
                        f"{PAGE}?segment=channel%3Dweb",
                    ),
                    ("workbench funnel JSON of event names (not bound)*", FUNNEL),
                ],
                rounds,
            )
            visits += _visits(root, [("report page after a restart (cache on disk)", PAGE)], 1)
        for label, seconds in visits:
            base = float(library["funnel, raw events"]) if "funnel" in label else own
            report.add(made["events"], label, seconds, round(seconds / base, 3))
        for call, label in LIBRARY.items():
            base = own if call == "report" else float(library["funnel, raw events"])
            report.add(made["events"], label, library[call], round(float(library[call]) / base, 3))
    report.notes.append(
        f"one `journeymap web` process (uvicorn), httpx on loopback; later visits: median of "
        f"{rounds}; the restart row is the first visit of a new process over the same "
        "workspace; each library call runs in its own process, warmed once, median of 1; x "
        "library: against the report call, and for the funnel rows against the raw funnel"
    )
    return report
