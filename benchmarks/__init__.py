"""Benchmarks run by `make bench` (`python -m benchmarks`); never part of `make test`.

Each `bench_*.py` module has `run(sizes) -> Report`, `FULL_SIZES` and `QUICK_SIZES`; every
measurement runs in a fresh child process so its peak memory is its own.
"""
