"""Measuring in child processes and printing result tables."""

from __future__ import annotations

import importlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


@dataclass
class Report:
    """One benchmark's result table."""

    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *values: Any) -> None:
        self.rows.append(list(values))

    def render(self) -> str:
        cells = [[_cell(v) for v in row] for row in self.rows]
        widths = [
            max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(self.columns)
        ]
        lines = [f"## {self.title}", ""]
        lines.append(
            "| " + " | ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True)) + " |"
        )
        lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for row in cells:
            lines.append(
                "| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |"
            )
        lines += [""] + [f"- {note}" for note in self.notes]
        return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def in_child(task: str, **arguments: Any) -> dict[str, Any]:
    """Run `module:function(**arguments)` in a fresh Python; its dict result plus the child's
    own peak resident memory (`peak_mb`, from getrusage in the child) and wall `seconds`."""
    command = [sys.executable, "-m", "benchmarks.child", task, json.dumps(arguments)]
    env = os.environ | {"PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{task} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result.setdefault("wall", wall)
    return result


def child_main(argv: list[str]) -> None:
    """Entry of the child process: run the task, print its result as the last line."""
    task, raw = argv
    module_name, function_name = task.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    before = _cpu_seconds()
    result = dict(function(**json.loads(raw)))
    # CPU seconds of the task (all threads): on a shared machine wall time mostly measures
    # the neighbours, CPU time what the work costs.
    result["cpu"] = _cpu_seconds() - before
    # ru_maxrss is in kilobytes on Linux: the peak of this process alone.
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(function: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - started


def median_seconds(function: Any, rounds: int) -> float:
    """The median wall seconds of `rounds` calls of `function`."""
    import statistics

    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def machine() -> str:
    """CPU, cores, memory and load, for the record."""
    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / MB / 1024
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    return f"{model}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, load average {load}"


def probe() -> dict[str, Any]:
    """A task that does nothing: the cost of a child process, and a check of the plumbing."""
    return {"rows": 0}
