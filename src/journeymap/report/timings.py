"""Where the time of one `journeymap report` went: Python (building the queries as Ibis
expressions and working on their results, e.g. the sentiment of survey texts), compiling the
queries to SQL, the engine running them, and rendering the report.

`ReportClock` wraps the two phases; `timings()` gives the figures. Building is the analysis
phase's wall time less the time inside the backend's query calls, so the four parts add up to
the total.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from journeymap.i18n import gettext as _
from journeymap.store.query_clock import QueryTimes, timed_queries


@dataclass(frozen=True)
class ReportTimings:
    queries: int
    building: float
    """Seconds in Python outside the backend's query calls: building queries (Ibis
    expressions) and working on their results."""
    compiling: float
    """Seconds compiling Ibis expressions to SQL."""
    engine: float
    """Seconds the engine spent running the queries."""
    rendering: float
    """Seconds writing HTML, XLSX or JSON."""

    @property
    def total(self) -> float:
        return self.building + self.compiling + self.engine + self.rendering

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"total": self.total}

    def describe(self) -> str:
        """One line for the terminal, in the user's language."""
        return _(
            "timings: {total} s in all; Python (building queries, working on their results) "
            "{building} s, compiling queries to SQL {compiling} s, engine {engine} s "
            "({queries} queries), rendering {rendering} s",
            total=f"{self.total:.2f}",
            building=f"{self.building:.2f}",
            compiling=f"{self.compiling:.2f}",
            engine=f"{self.engine:.2f}",
            queries=self.queries,
            rendering=f"{self.rendering:.2f}",
        )


@dataclass
class ReportClock:
    """Times the analysis (with its queries) and the rendering of one report."""

    analysis: float = 0.0
    rendering: float = 0.0
    queries: QueryTimes = field(default_factory=QueryTimes)

    @contextmanager
    def analysing(self, backend: Any) -> Iterator[None]:
        """The analysis phase; `backend` (the store's Ibis backend) runs its queries."""
        started = time.perf_counter()
        with timed_queries(backend) as self.queries:
            yield
        self.analysis += time.perf_counter() - started

    @contextmanager
    def rendering_phase(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.rendering += time.perf_counter() - started

    def timings(self) -> ReportTimings:
        return ReportTimings(
            queries=self.queries.queries,
            building=max(self.analysis - self.queries.running, 0.0),
            compiling=self.queries.compiling,
            engine=self.queries.engine,
            rendering=self.rendering,
        )
