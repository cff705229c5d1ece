"""The web editor on the demo workspace: a save round trip (post an edit, the map checked,
linted, written with its comments and the editor sent back), a draft linted as you type, the
editor page, and the report page, against rendering the same map with the CLI.

The demo workspace is made as `journeymap demo` makes it (seed shop, 5,000 simulated customers,
about 30k events). The app runs in one child process and is driven through its ASGI interface
(Starlette's test client: the whole app, middleware and templates included, without a socket);
each request is repeated and reported as a median. Comparators, in the same run:
`journeymap render MAP -o map.html` as a command (the wall time a user waits, Python start-up
included) and the same render in-process (load, lint, HTML), the work a save repeats.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.harness import Report, in_child, median_seconds

FULL_SIZES: list[int] = []
QUICK_SIZES: list[int] = []
"""Only the demo store (sizes are not used)."""
ROUNDS = 7
MAP = "seed-shop.en"


def make_demo(folder: str) -> dict[str, Any]:
    """Child: the demo workspace and an editor account."""
    from benchmarks.bench_report import make_demo as demo
    from journeymap.service.accounts import Accounts

    result = demo(folder)
    Accounts(Path(folder)).add("bench", "editor", "bench-password")
    return result


def measure_app(folder: str, rounds: int = ROUNDS) -> dict[str, Any]:
    """Child: median seconds of each request of the editor on the demo workspace."""
    import re

    from fastapi.testclient import TestClient

    from journeymap.web.app import create_web_app

    client = TestClient(create_web_app(Path(folder)), follow_redirects=False)
    csrf = re.compile(r'name="csrf" value="([^"]+)"')
    token = csrf.search(client.get("/login").text)
    assert token
    client.post("/login", data={"csrf": token[1], "name": "bench",
                                "password": "bench-password", "next": "/maps"})  # fmt: skip
    found = csrf.search(client.get("/maps").text)
    assert found
    form = {"csrf": found[1]}
    state = client.get(f"/maps/{MAP}.json").json()
    stage = state["map"]["stages"][0]["id"]
    names = [state["map"]["stages"][0]["name"], state["map"]["stages"][0]["name"] + " (2)"]
    htmx = {"HX-Request": "true"}
    version = re.compile(r'data-token="([0-9a-f]+)"')
    current = {"token": state["token"], "round": 0}

    def save() -> None:
        current["round"] += 1
        name = names[current["round"] % 2]
        data = form | {"token": current["token"], "name": name}
        answer = client.post(f"/maps/{MAP}/stages/{stage}/rename", data=data, headers=htmx)
        new = version.search(answer.text)
        if answer.status_code != 200 or new is None or "error" in answer.text[:2000]:
            raise RuntimeError(f"the save failed: {answer.status_code}")
        current["token"] = new[1]

    def draft() -> None:
        data = form | {"token": current["token"], "name": "Peter"}
        answer = client.post(f"/maps/{MAP}/personas?draft=1", data=data, headers=htmx)
        if answer.status_code != 200:
            raise RuntimeError(f"the draft failed: {answer.status_code}")

    def get(url: str) -> None:
        if client.get(url).status_code != 200:
            raise RuntimeError(f"{url} failed")

    get(f"/maps/{MAP}/report")  # the first report warms the store's connection up
    return {
        "save": median_seconds(save, rounds),
        "draft": median_seconds(draft, rounds),
        "editor": median_seconds(lambda: get(f"/maps/{MAP}"), rounds),
        "report": median_seconds(lambda: get(f"/maps/{MAP}/report"), max(1, rounds // 2)),
    }


def measure_render(map_path: str, rounds: int = ROUNDS) -> dict[str, Any]:
    """Child: the CLI's work in-process: load, lint and render the map to HTML."""
    from journeymap.lint.runner import lint_document
    from journeymap.model import load_document
    from journeymap.render.formats import render

    def once() -> None:
        document = load_document(map_path)
        lint_document(document)
        render(document.model, "html")

    once()
    return {"render": median_seconds(once, rounds)}


def _cli_render(map_path: str, output: Path, rounds: int) -> float:
    command = [sys.executable, "-m", "journeymap", "render", map_path, "-o", str(output)]

    def once() -> None:
        subprocess.run(command, check=True, capture_output=True)

    return median_seconds(once, rounds)


def run(sizes: list[int], rounds: int = ROUNDS) -> Report:
    del sizes  # the demo store only
    report = Report(
        "web editor: requests on the demo workspace against `journeymap render`, median seconds",
        ["what", "median s", "x CLI render"],
    )
    with tempfile.TemporaryDirectory(prefix="jm-bench-web-") as folder:
        demo = Path(folder) / "demo"
        in_child("benchmarks.bench_web_editor:make_demo", folder=str(demo))
        map_path = str(demo / "maps" / f"{MAP}.yaml")
        app = in_child("benchmarks.bench_web_editor:measure_app", folder=str(demo), rounds=rounds)
        inside = in_child("benchmarks.bench_web_editor:measure_render", map_path=map_path,
                          rounds=rounds)  # fmt: skip
        cli = _cli_render(map_path, Path(folder) / "map.html", max(1, rounds // 2))
    rows = [
        ("`journeymap render MAP -o map.html` (command)", cli),
        ("load + lint + render HTML in-process", inside["render"]),
        ("editor: save round trip (rename a stage)", app["save"]),
        ("editor: draft linted as you type", app["draft"]),
        ("editor page", app["editor"]),
        ("report page (demo store)", app["report"]),
    ]
    for label, seconds in rows:
        report.add(label, seconds, round(seconds / cli, 2))
    report.notes.append(
        f"{rounds} rounds each (the report page {max(1, rounds // 2)}), after one warm-up "
        "report; the app in one process through its ASGI interface, the command a fresh Python"
    )
    return report
