"""A Rich progress bar per file showing bytes done, rows staged and rows per second."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from journeymap.cli.output import err_console
from journeymap.events.progress import Progress as IngestProgress
from journeymap.events.sources import size_of


class FileBars:
    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    def for_file(self, path: Path) -> IngestProgress:
        total = size_of(path) if path.exists() else 0
        task: TaskID = self._progress.add_task(path.name, total=total or 1, rows=0, speed=0)
        started = time.perf_counter()

        def update(done_bytes: int, rows: int) -> None:
            completed = min(done_bytes, total or 1)
            if rows:  # DuckDB's CSV reader reports bytes only; rows arrive at the end
                elapsed = max(time.perf_counter() - started, 1e-6)
                self._progress.update(task, completed=completed, rows=rows, speed=rows / elapsed)
            else:
                self._progress.update(task, completed=completed)

        return update


@contextmanager
def file_bars(enabled: bool) -> Iterator[FileBars | None]:
    if not enabled:
        yield None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[rows]:,} rows"),
        TextColumn("{task.fields[speed]:,.0f} rows/s"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )
    with progress:
        yield FileBars(progress)
