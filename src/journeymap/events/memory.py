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


def _parse(shown: str) -> tuple[str, str] | None:
    """("2.7", "GiB") from a limit as `current_setting` shows it, None when it is not a size."""
    match = re.fullmatch(r"([0-9.]+)\s*([A-Za-z]+)", shown.strip())
    if match is None or match.group(2) not in _UNITS:
        return None
    return match.group(1), match.group(2)


def _bytes(shown: str) -> float | None:
    parsed = _parse(shown)
    return None if parsed is None else float(parsed[0]) * _UNITS[parsed[1]]


def _restore_limit(con: duckdb.DuckDBPyConnection, shown: str) -> None:
    """Set `memory_limit` back to what `current_setting` showed before.

    The shown value is truncated to one decimal ("2.7 GiB"), so setting it back as such would
    shrink the limit a little on every import: the default is restored with RESET, any other
    value as the middle of its shown range (which shows the same).
    """
    con.execute("RESET memory_limit")
    if _setting(con, "memory_limit") == shown:
        return
    parsed = _parse(shown)
    if parsed is None:
        con.execute(f"SET memory_limit = {_quote(shown)}")
        return
    number, unit = parsed
    decimals = len(number.partition(".")[2])
    limit = int((float(number) + 0.5 * 10**-decimals) * _UNITS[unit])
    con.execute(f"SET memory_limit = '{limit} bytes'")


@contextmanager
def memory_budget(con: duckdb.DuckDBPyConnection, limit: str | None) -> Iterator[None]:
    """Run with DuckDB's `memory_limit` at `limit` (e.g. "2GB"), then restore the setting;
    a store whose limit is already lower (from its URL) keeps its own.

    An in-memory store has no folder of its own to spill to: it gets one in the system temp
    folder instead of DuckDB's default `.tmp` in the current folder (and keeps it).
    """
    if limit is None:
        yield
        return
    before = _setting(con, "memory_limit")
    con.execute(f"SET memory_limit = {_quote(limit)}")
    now, asked = _bytes(before), _bytes(_setting(con, "memory_limit"))
    if now is not None and asked is not None and asked >= now:
        _restore_limit(con, before)
        yield
        return
    if _setting(con, "temp_directory") in ("", ".tmp"):
        spill = Path(tempfile.gettempdir()) / "journeymap-spill"
        # kept afterwards: DuckDB cannot switch folders once it has spilled into one
        with contextlib.suppress(duckdb.NotImplementedException):
            con.execute(f"SET temp_directory = {_quote(str(spill))}")
    try:
        yield
    finally:
        _restore_limit(con, before)
