"""How long the queries of a piece of work take: compiling Ibis expressions to SQL against the
engine running them.

`timed_queries(backend)` wraps, for the block's duration and on that backend object only, the
Ibis calls that run a query (`to_pyarrow`, `execute`, `create_table`, which `.cache()` uses)
and the ones that compile one (`compile`, and the compiler's `to_sqlglot`, which
`create_table` calls directly). Time inside a running call that is not compiling is the
engine's (planning, executing and handing over the result). Any Ibis SQL backend has these
calls, so the clock works on DuckDB and PySpark alike; it changes no result.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

_RUNNING = ("to_pyarrow", "to_pyarrow_batches", "execute", "create_table")
_COMPILING = ("compile",)


@dataclass
class QueryTimes:
    """Seconds spent in queries, summed over the block."""

    queries: int = 0
    """Queries run (a `.cache()` counts once)."""
    compiling: float = 0.0
    """Turning Ibis expressions into SQL."""
    running: float = 0.0
    """Inside the backend's running calls, compiling included."""

    @property
    def engine(self) -> float:
        """The engine's share: running, less compiling."""
        return max(self.running - self.compiling, 0.0)


class _TimedCompiler:
    """The backend's compiler, with `to_sqlglot` timed (everything else passes through)."""

    def __init__(self, compiler: Any, timed: Callable[[Callable[..., Any]], Callable[..., Any]]):
        self._compiler = compiler
        self.to_sqlglot = timed(compiler.to_sqlglot)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._compiler, name)


@contextmanager
def timed_queries(backend: Any) -> Iterator[QueryTimes]:
    """Time the queries `backend` runs inside the block (see the module docstring)."""
    times = QueryTimes()
    depth = {"running": 0, "compiling": 0}

    def clocked(kind: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            outermost = depth[kind] == 0
            depth[kind] += 1
            started = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                depth[kind] -= 1
                if outermost:
                    spent = time.perf_counter() - started
                    if kind == "running":
                        times.queries += 1
                        times.running += spent
                    else:
                        times.compiling += spent

        return wrapper

    patched: dict[str, Any] = {
        name: clocked("running", getattr(backend, name))
        for name in _RUNNING
        if hasattr(backend, name)
    }
    patched |= {
        name: clocked("compiling", getattr(backend, name))
        for name in _COMPILING
        if hasattr(backend, name)
    }
    if hasattr(backend, "compiler"):
        patched["compiler"] = _TimedCompiler(
            backend.compiler, lambda call: clocked("compiling", call)
        )
    own = {name: backend.__dict__[name] for name in patched if name in backend.__dict__}
    for name, value in patched.items():
        setattr(backend, name, value)
    try:
        yield times
    finally:
        for name in patched:
            if name in own:
                setattr(backend, name, own[name])
            else:
                delattr(backend, name)
