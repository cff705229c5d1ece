"""`python -m benchmarks [--quick] [--only NAME] [--sizes N,N] [--repeat N]`: run and print
every benchmark."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import inspect
import pkgutil
import sys
from pathlib import Path

from benchmarks.harness import machine

HERE = Path(__file__).resolve().parent


def benchmark_names() -> list[str]:
    return sorted(
        info.name.removeprefix("bench_")
        for info in pkgutil.iter_modules([str(HERE)])
        if info.name.startswith("bench_")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (a minute or so)")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this one")
    parser.add_argument("--sizes", help="comma-separated sizes instead of the defaults")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="rounds of every measurement, reported as medians (benchmarks that support it)",
    )
    args = parser.parse_args(argv)
    names = benchmark_names()
    unknown = sorted(set(args.only or []) - set(names))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; known: {', '.join(names)}")
    print(f"# journeymap benchmarks, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {machine()}")
    print(f"command: python -m benchmarks {' '.join(argv if argv is not None else sys.argv[1:])}")
    print()
    for name in args.only or names:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        if args.sizes:
            sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
        else:
            sizes = module.QUICK_SIZES if args.quick else module.FULL_SIZES
        if "repeat" in inspect.signature(module.run).parameters:
            report = module.run(sizes, repeat=args.repeat)
        else:
            report = module.run(sizes)
        print(report.render(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
