"""How importers report progress (the CLI turns it into a Rich bar with rows/s)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, done_bytes: int, rows: int) -> None:
        """Called now and then with the bytes of the file consumed so far and rows staged."""


def no_progress(done_bytes: int, rows: int) -> None:
    """The default: report nothing."""
