"""The web app on real sizes: the report page, the workbench funnel, the customer 360 and the
people search, and their JSON twins, at N simulated events, against the same library calls
without the web layer and against a bare FastAPI endpoint, in the same run.

The store is the analytics benchmark's cached store of N simulated seed-shop events
(`analytics_data`, built once under `benchmarks/out/analytics-cache/` and clustered), copied
into a fresh workspace with the seed-shop map and an editor account. `journeymap web` serves
that workspace on a loopback port in its own process (uvicorn, as users run it) and a real HTTP
client (httpx, one keep-alive connection) signs in and asks for each page: the first visit
(which computes what the page caches: the map's profiles, the serving state) and then the median
of `rounds` visits. The comparators, each in the same run:

- the library: the same calls the page makes, in one Python process on the same store
  (`build_report` + `render_report_html`; `funnel` over the events bound to the map; the 360's
  `person_360`; `find_persons`), warmed once, then the median of `rounds` calls;
- the floor of HTTP: `benchmarks/bare_app.py` (a constant JSON list) served by uvicorn the same
  way, asked through the same kind of client.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from benchmarks.analytics_data import SHOP_FUNNEL, simulated_dataset
from benchmarks.harness import REPO, Report, in_child, median_seconds

FULL_SIZES = [1_000_000]
QUICK_SIZES = [3_000]
ROUNDS = 2
MAP = "seed-shop.en"
USER, PASSWORD = "bench", "bench-password"
SLOW = 2.0
TIMEOUT = 240.0
"""Seconds a page or a library call may take before it is reported as timed out."""
"""Seconds above which a page counts as slow (issue 17: the app stays fast on real sizes)."""


IDENTITIES_SQL = """
INSERT INTO identities
SELECT id, any_value(kind), min(person_id) FROM (
    SELECT user_id AS id, 'user' AS kind, person_id FROM events WHERE user_id IS NOT NULL
    UNION ALL
    SELECT anonymous_id, 'anonymous', person_id FROM events WHERE anonymous_id IS NOT NULL
) GROUP BY id;
INSERT INTO persons
WITH ids AS (
    SELECT person_id, to_json(list(id ORDER BY id))::VARCHAR AS ids
    FROM identities GROUP BY person_id
)
SELECT e.person_id, min(e.timestamp), max(e.timestamp), count(*), '{}', any_value(ids.ids)
FROM events e LEFT JOIN ids USING (person_id) GROUP BY e.person_id;
UPDATE events SET received_at = timestamp WHERE received_at IS NULL;
"""
"""The cached stores hold events stitched by one SQL join (`analytics_data`), without the
`identities` and `persons` tables ingest fills and without `received_at`: the same stitching
written to them, so the 360 page and the people search find the customers, and a receipt time
(as ingest stamps one), so profiles are computed once and then only updated."""


def make_workspace(folder: str, store: str) -> dict[str, Any]:
    """Child: a workspace in `folder` with a copy of `store` (its identities and persons
    filled), the seed-shop map and an editor; a customer who ordered (the 360's subject)."""
    import duckdb

    from benchmarks.workloads import SEED_SHOP
    from journeymap.service.accounts import Accounts

    root = Path(folder)
    (root / "maps").mkdir(parents=True)
    (root / ".journeymap").mkdir()
    (root / "journeymap.toml").write_text('name = "bench"\n', encoding="utf-8")
    shutil.copyfile(SEED_SHOP, root / "maps" / f"{MAP}.yaml")
    shutil.copyfile(store, root / ".journeymap" / "store.duckdb")
    Accounts(root).add(USER, "editor", PASSWORD)
    connection = duckdb.connect(str(root / ".journeymap" / "store.duckdb"))
    try:
        connection.execute(IDENTITIES_SQL)
        found = connection.execute(
            "SELECT min(person_id), (SELECT count(*) FROM events) FROM events"
            " WHERE event = 'Order Completed'"
        ).fetchone()
    finally:
        connection.close()
    assert found is not None
    return {"person": found[0], "events": int(found[1])}


def pages(person: str) -> dict[str, str]:
    """The pages measured and their JSON twins, by label."""
    funnel = urlencode({"kind": "funnel", "steps": list(SHOP_FUNNEL)}, doseq=True)
    who = quote(person, safe="")
    return {
        "report page": f"/maps/{MAP}/report",
        "report JSON": f"/maps/{MAP}/report.json",
        "workbench funnel page": f"/maps/{MAP}/analytics?{funnel}",
        "workbench funnel JSON": f"/maps/{MAP}/analytics.json?{funnel}",
        "people search page": f"/people?q={who}",
        "people search JSON": f"/people.json?q={who}",
        "customer 360 page": f"/people/{who}?map={MAP}",
        "customer 360 JSON": f"/people/{who}.json?map={MAP}",
    }


LIBRARY_CALLS = (
    "report",
    "funnel, events bound to the map",
    "funnel, raw events",
    "people search",
    "customer 360",
)


def measure_library(folder: str, person: str, call: str, rounds: int) -> dict[str, Any]:
    """Child: median seconds of one library call behind a page, in-process, warmed once."""
    from journeymap.analytics.bind import bind_events
    from journeymap.analytics.funnel import funnel
    from journeymap.model import load_document
    from journeymap.model.workspace import load_workspace
    from journeymap.personalize.person_search import find_persons
    from journeymap.report.build import build_report
    from journeymap.report.html import render_report_html
    from journeymap.store import Store
    from journeymap.web.person_view import person_360

    root = Path(folder)
    workspace = load_workspace(root)
    journey = load_document(root / "maps" / f"{MAP}.yaml").model
    steps = list(SHOP_FUNNEL)
    with Store.open(workspace) as store:
        calls = {
            "report": lambda: render_report_html(build_report(store, journey)),
            "funnel, events bound to the map": lambda: funnel(
                bind_events(store.events(), journey), steps, window="14d"
            ).to_dict(),
            "funnel, raw events": lambda: funnel(store.events(), steps, window="14d").to_dict(),
            "people search": lambda: find_persons(store, person),
            "customer 360": lambda: person_360(store, workspace, journey, person, "en"),
        }
        started = time.perf_counter()
        calls[call]()
        first = time.perf_counter() - started
        return {"first": first, "median": median_seconds(calls[call], rounds)}


class Served:
    """A command serving HTTP on a free loopback port, stopped on exit."""

    def __init__(self, command: list[str], cwd: Path, probe: str) -> None:
        import socket

        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            self.port = int(free.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [*command, "--port", str(self.port)]
        self.cwd = cwd
        self.probe = probe
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Served:
        import httpx

        env = os.environ | {"PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}"}
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(self.url + self.probe, timeout=2)
                return self
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError(f"{' '.join(self.command)} did not answer within 60 s")

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.kill()  # a page may still be computing: no need to wait for it
            self.process.wait(timeout=30)


def measure_web(
    root: Path, person: str, rounds: int, only: tuple[str, ...] | None = None
) -> dict[str, tuple[float | str, float | str]]:
    """Each page's (of those labelled `only`, else every page's) first visit and median later
    visit, in seconds, over HTTP on loopback, from a fresh `journeymap web` process; a page
    that takes longer than `TIMEOUT` is reported as timed out (and not asked again)."""
    import re

    import httpx

    command = [sys.executable, "-m", "journeymap", "web"]
    with (
        Served(command, root, "/login") as server,
        httpx.Client(base_url=server.url, timeout=TIMEOUT, follow_redirects=False) as client,
    ):
        csrf = re.compile(r'name="csrf" value="([^"]+)"')
        token = csrf.search(client.get("/login").text)
        assert token
        form = {"csrf": token[1], "name": USER, "password": PASSWORD, "next": "/maps"}
        if client.post("/login", data=form).status_code != 303:
            raise RuntimeError("signing in failed")
        result = {}
        for label, url in pages(person).items():
            if only is not None and label not in only:
                continue

            def visit(url: str = url) -> None:
                answer = client.get(url)
                if answer.status_code != 200:
                    raise RuntimeError(f"{url}: {answer.status_code} {answer.text[:300]}")

            started = time.perf_counter()
            try:
                visit()
            except httpx.TimeoutException:
                result[label] = (f"over {TIMEOUT:.0f}", "–")
                continue
            result[label] = (time.perf_counter() - started, median_seconds(visit, rounds))
    return result


def measure_bare(rounds: int) -> float:
    """Median seconds of the bare FastAPI endpoint through uvicorn on loopback."""
    import httpx

    command = [sys.executable, "-m", "uvicorn", "benchmarks.bare_app:app", "--log-level", "error"]
    probe = "/v1/recommendations/probe"
    with Served(command, REPO, probe) as server, httpx.Client(base_url=server.url) as client:
        client.get(probe)
        return median_seconds(lambda: client.get(probe).raise_for_status(), max(rounds, 20))


LIBRARY_OF = {
    "report page": "report",
    "report JSON": "report",
    "workbench funnel page": "funnel, events bound to the map",
    "workbench funnel JSON": "funnel, events bound to the map",
    "customer 360 page": "customer 360",
    "customer 360 JSON": "customer 360",
    "people search page": "people search",
    "people search JSON": "people search",
}


def _store(rows: int) -> Path:
    """The cached store of `rows` simulated events, built and clustered when missing."""
    from benchmarks.bench_analytics import prepare

    dataset = simulated_dataset(rows)
    prepare(dataset, rows)
    return dataset.store


def _library(root: Path, person: str, rounds: int) -> dict[str, dict[str, Any]]:
    """Each library call in its own child with a time limit: `{"error": ...}` past it."""
    from benchmarks.bench_analytics import measure

    return {
        call: measure(
            "benchmarks.bench_web:measure_library",
            TIMEOUT,
            folder=str(root),
            person=person,
            call=call,
            rounds=rounds,
        )
        for call in LIBRARY_CALLS
    }


def _ratio(web: float | str, library: dict[str, Any]) -> float | str:
    if isinstance(web, str) or "median" not in library:
        return "–"
    return round(web / library["median"], 2)


def run(sizes: list[int], repeat: int = 1) -> Report:
    rounds = max(ROUNDS, repeat)
    report = Report(
        "web app: pages over HTTP on loopback against the same library calls, seconds",
        ["events", "what", "first visit s", "median s", "library s", "x library", "slow"],
    )
    bare = measure_bare(rounds)
    for rows in sizes:
        store = _store(rows)
        with tempfile.TemporaryDirectory(prefix="jm-bench-web-") as folder:
            root = Path(folder) / "ws"
            made = in_child("benchmarks.bench_web:make_workspace", folder=str(root),
                            store=str(store))  # fmt: skip
            web = measure_web(root, made["person"], rounds)
            library = _library(root, made["person"], rounds)
        for label, (first, median) in web.items():
            own = library[LIBRARY_OF[label]]
            slow = "yes" if isinstance(median, str) or median > SLOW else ""
            own_median = own.get("median", own.get("error", "–"))
            report.add(made["events"], label, first, median, own_median, _ratio(median, own), slow)
        for label in LIBRARY_CALLS:
            own = library[label]
            first = own.get("first", own.get("error", "–"))
            report.add(made["events"], f"library: {label}", first, own.get("median", "–"),
                       "–", "–", "")  # fmt: skip
    bare_row = ("bare FastAPI endpoint (uvicorn, constant JSON)", "–", f"{bare:.4f}")
    report.add("–", *bare_row, "–", "–", "")
    report.notes.append(
        f"median of {rounds} visits after the first; one `journeymap web` process (uvicorn), "
        "httpx on loopback with one keep-alive connection; each library call in its own "
        f"process, first call then the median of {rounds}; slow: median over {SLOW:.0f} s; "
        f"a page or call is given {TIMEOUT:.0f} s"
    )
    return report
