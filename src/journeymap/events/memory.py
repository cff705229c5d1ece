"""Bounded memory while importing: DuckDB's memory limit, and a temp folder to spill to.

Staged rows, joins and aggregates live in DuckDB's buffer manager, which spills to disk once the
limit is reached; the importers themselves hold one chunk at a time. So the peak memory of an
import stays near the limit whatever the file size, and larger files only cost temp disk space.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import duckdb


def _setting(con: duckdb.DuckDBPyConnection, name: str) -> str:
    # fetchall: a half-read result blocks the connection for ibis afterwards (duckdb 2)
    rows = con.execute("SELECT current_setting($name)", {"name": name}).fetchall()
    return str(rows[0][0]) if rows and rows[0][0] is not None else ""


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_UNITS: Final = {"bytes": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}


def _restore_limit(con: duckdb.DuckDBPyConnection, shown: str) -> None:
    """Set `memory_limit` back to what `current_setting` showed before.

    The shown value is truncated to one decimal ("2.7 GiB"), so setting it back as such would
    shrink the limit a little on every import: the default is restored with RESET, any other
    value as the middle of its shown range (which shows the same).
    """
    con.execute("RESET memory_limit")
    if _setting(con, "memory_limit") == shown:
        return
    match = re.fullmatch(r"([0-9.]+)\s*([A-Za-z]+)", shown.strip())
    if match is None or match.group(2) not in _UNITS:
        con.execute(f"SET memory_limit = {_quote(shown)}")
        return
    number, unit = match.groups()
    decimals = len(number.partition(".")[2])
    limit = int((float(number) + 0.5 * 10**-decimals) * _UNITS[unit])
    con.execute(f"SET memory_limit = '{limit} bytes'")


def _shown_bytes(shown: str) -> float | None:
    match = re.fullmatch(r"([0-9.]+)\s*([A-Za-z]+)", shown.strip())
    if match is None or match.group(2) not in _UNITS:
        return None
    return float(match.group(1)) * _UNITS[match.group(2)]


def _lowers(con: duckdb.DuckDBPyConnection, before: str, limit: str) -> bool:
    """Whether `limit` is below the limit the store has now (a store opened with a smaller
    `memory_limit` in its URL keeps it)."""
    now = _shown_bytes(before)
    con.execute(f"SET memory_limit = {_quote(limit)}")
    asked = _shown_bytes(_setting(con, "memory_limit"))
    _restore_limit(con, before)
    return now is None or asked is None or asked < now


@contextmanager
def memory_budget(con: duckdb.DuckDBPyConnection, limit: str | None) -> Iterator[None]:
    """Run with DuckDB's `memory_limit` at `limit` (e.g. "2GB"), then restore the setting;
    a store whose limit is already lower keeps its own.

    An in-memory store has no folder of its own to spill to: it gets one in the system temp
    folder instead of DuckDB's default `.tmp` in the current folder (and keeps it).
    """
    before = _setting(con, "memory_limit") if limit is not None else ""
    if limit is None or not _lowers(con, before, limit):
        yield
        return
    if _setting(con, "temp_directory") in ("", ".tmp"):
        spill = Path(tempfile.gettempdir()) / "journeymap-spill"
        # kept afterwards: DuckDB cannot switch folders once it has spilled into one
        with contextlib.suppress(duckdb.NotImplementedException):
            con.execute(f"SET temp_directory = {_quote(str(spill))}")
    con.execute(f"SET memory_limit = {_quote(limit)}")
    try:
        yield
    finally:
        _restore_limit(con, before)
