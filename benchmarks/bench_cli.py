"""Command line start-up: `journeymap --help` and `journeymap validate MAP` against
`python -c "import typer, rich.console"`, the floor of any Typer + Rich command line.

Issue 14's target: each within 2x of that floor, measured in the same run. A second comparator,
`load_document(MAP)` in a bare Python, is the work `validate` cannot skip (the map model and the
YAML parser), so the table also says what the command line adds to it.

Every command runs in a fresh interpreter, round robin (so that a busy neighbour slows all of
them alike), `sizes` times each after one warm-up round; the table shows medians. Bytecode is
written and reused, as an installed package's is, and so is the compiled Russian catalog (kept in
the user's cache by the warm-up round, see journeymap.i18n.catalog).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time

from benchmarks.harness import REPO, Report

FULL_SIZES = [21]
QUICK_SIZES = [5]
"""Runs of every command (medians are reported)."""

EXAMPLE_MAP = REPO / "examples" / "seed-shop" / "maps" / "seed-shop.en.yaml"
BASELINE = "python -c 'import typer, rich.console'"
COMMANDS: dict[str, list[str]] = {
    BASELINE: ["-c", "import typer, rich.console"],
    "journeymap --help": ["-m", "journeymap", "--help"],
    "journeymap --lang ru --help": ["-m", "journeymap", "--lang", "ru", "--help"],
    "journeymap validate MAP": ["-m", "journeymap", "validate", str(EXAMPLE_MAP)],
    "load_document(MAP), no CLI": [
        "-c",
        f"from journeymap.model import load_document; load_document({str(EXAMPLE_MAP)!r})",
    ],
}
TARGETS = {"journeymap --help": 2.0, "journeymap validate MAP": 2.0}


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH", "")) if p
    )
    env["COLUMNS"] = "100"  # the help's width, the same in every run
    return env


def time_command(arguments: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of `python ARGUMENTS`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *arguments], capture_output=True, env=env, cwd=REPO, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{arguments} failed:\n{done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(runs: int) -> dict[str, tuple[list[float], list[float]]]:
    """Wall and CPU seconds of every command, `runs` rounds after a warm-up round."""
    env = _environment()
    for arguments in COMMANDS.values():
        time_command(arguments, env)  # writes the bytecode, warms the file cache
    walls: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpus: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, arguments in COMMANDS.items():
            wall, cpu = time_command(arguments, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {name: (walls[name], cpus[name]) for name in COMMANDS}


def _verdict(target: float, wall_ratio: float, cpu_ratio: float) -> str:
    def met(ratio: float) -> str:
        return "met" if ratio <= target else "not met"

    return f"<= {target:g}x: wall {met(wall_ratio)}, cpu {met(cpu_ratio)}"


def run(sizes: list[int]) -> Report:
    report = Report(
        "cli: start-up of --help and validate against import typer, rich.console",
        ["command", "runs", "median s", "min s", "x floor", "cpu s", "cpu x floor", "target"],
    )
    runs = sizes[0]
    measured = measure(runs)
    base_wall = statistics.median(measured[BASELINE][0])
    base_cpu = statistics.median(measured[BASELINE][1])
    for name, (walls, cpus) in measured.items():
        wall = statistics.median(walls)
        cpu = statistics.median(cpus)
        target = TARGETS.get(name)
        report.add(
            name,
            runs,
            wall,
            min(walls),
            wall / base_wall,
            cpu,
            cpu / base_cpu,
            "" if target is None else _verdict(target, wall / base_wall, cpu / base_cpu),
        )
    report.notes.append(
        f"MAP = {EXAMPLE_MAP.relative_to(REPO)}; each command in a fresh `{sys.executable}`, "
        "round robin, medians; x floor = median seconds / the floor's median seconds"
    )
    report.notes.append(
        "cpu s: user + system seconds of the child; on a shared machine wall seconds also "
        "measure the neighbours, CPU seconds less so"
    )
    return report
