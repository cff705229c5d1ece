"""The file formats simulated events are written in, apart from the writer so that the command
line can name them without importing pyarrow."""

from __future__ import annotations

from typing import Literal

EventFormat = Literal["jsonl", "parquet"]
FORMATS: tuple[EventFormat, ...] = ("jsonl", "parquet")
