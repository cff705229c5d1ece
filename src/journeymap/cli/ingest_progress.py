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
from journeymap.i18n import format_number, format_percent, ngettext
from journeymap.i18n import gettext as _


class FileBars:
    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    def for_file(self, path: Path) -> IngestProgress:
        total = size_of(path) if path.exists() else 0
        task: TaskID = self._progress.add_task(
            path.name, total=total or 1, done=format_percent(0), rows=_rows(0), speed=_speed(0)
        )
        started = time.perf_counter()

        def update(done_bytes: int, rows: int) -> None:
            completed = min(done_bytes, total or 1)
            done = format_percent(completed / (total or 1))
            if rows:  # DuckDB's CSV reader reports bytes only; rows arrive at the end
                elapsed = max(time.perf_counter() - started, 1e-6)
                self._progress.update(
                    task,
                    completed=completed,
                    done=done,
                    rows=_rows(rows),
                    speed=_speed(rows / elapsed),
                )
            else:
                self._progress.update(task, completed=completed, done=done)

        return update


def _rows(count: int) -> str:
    return ngettext("{count} row", "{count} rows", count, count=format_number(count))


def _speed(rows_per_second: float) -> str:
    return _("{count} rows/s", count=format_number(rows_per_second, decimals=0))


@contextmanager
def file_bars(enabled: bool) -> Iterator[FileBars | None]:
    if not enabled:
        yield None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[done]:>5}"),
        TextColumn("{task.fields[rows]}"),
        TextColumn("{task.fields[speed]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )
    with progress:
        yield FileBars(progress)
