"""The write-ahead spool: accepted events as JSON lines, appended and fsynced before the 200.

Each writing process appends to its own open file `<ns>-<host>-<pid>-<seq>.jsonl.open`. A file is
sealed (renamed to `.jsonl`) when it grows past `max_bytes` or gets older than `max_seconds`;
the loader takes sealed files in name order (time order) and deletes one only after the store
committed it. A process that died leaves an open file: `seal_orphans` seals it, cutting a torn
last line (a request that was never acknowledged).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

OPEN_SUFFIX = ".jsonl.open"
READY_SUFFIX = ".jsonl"
FAILED_DIR = "failed"


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable: fsync the folder that holds the file."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class SpoolWriter:
    """Appends batches of JSON lines for one process; thread-safe."""

    def __init__(self, folder: Path, *, max_bytes: int, max_seconds: float) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self.max_seconds = max_seconds
        self._lock = threading.Lock()
        self._seq = 0
        self._file: Path | None = None
        self._fd: int | None = None
        self._size = 0
        self._opened = 0.0
        folder.mkdir(parents=True, exist_ok=True)

    def append(self, lines: list[bytes]) -> None:
        """Write the lines (each ending in a newline) and fsync; returns once they are durable."""
        if not lines:
            return
        data = b"".join(lines)
        with self._lock:
            if self._fd is None:
                self._open()
            assert self._fd is not None
            written = 0
            while written < len(data):
                written += os.write(self._fd, data[written:])
            os.fsync(self._fd)
            self._size += len(data)
            if self._size >= self.max_bytes:
                self._seal()

    def rotate_if_old(self) -> None:
        """Seal the open file once it is `max_seconds` old (called by a timer)."""
        with self._lock:
            if self._fd is not None and time.monotonic() - self._opened >= self.max_seconds:
                self._seal()

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                self._seal()

    def _open(self) -> None:
        self._seq += 1
        name = f"{time.time_ns():020d}-{socket.gethostname()}-{os.getpid()}-{self._seq}"
        self._file = self.folder / (name + OPEN_SUFFIX)
        self._fd = os.open(self._file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        _fsync_dir(self.folder)
        self._size = 0
        self._opened = time.monotonic()

    def _seal(self) -> None:
        assert self._fd is not None
        assert self._file is not None
        os.close(self._fd)
        seal(self._file)
        self._fd = None
        self._file = None


def seal(path: Path) -> Path:
    """Rename an open spool file to a sealed one, cutting a torn last line."""
    data_end = _last_newline_end(path)
    if data_end < path.stat().st_size:
        os.truncate(path, data_end)
    ready = path.with_name(path.name.removesuffix(OPEN_SUFFIX) + READY_SUFFIX)
    path.rename(ready)
    _fsync_dir(path.parent)
    return ready


def _last_newline_end(path: Path) -> int:
    size = path.stat().st_size
    with path.open("rb") as file:
        block = 65536
        position = size
        while position > 0:
            start = max(0, position - block)
            file.seek(start)
            chunk = file.read(position - start)
            found = chunk.rfind(b"\n")
            if found >= 0:
                return start + found + 1
            position = start
    return 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def seal_orphans(folder: Path) -> list[Path]:
    """Seal the open files of processes of this host that are gone."""
    host = socket.gethostname()
    sealed = []
    for path in sorted(folder.glob("*" + OPEN_SUFFIX)):
        parts = path.name.removesuffix(OPEN_SUFFIX).split("-")
        if len(parts) < 4 or not parts[-2].isdigit():
            continue
        if "-".join(parts[1:-2]) == host and not _alive(int(parts[-2])):
            sealed.append(seal(path))
    return sealed


def ready_files(folder: Path) -> list[Path]:
    """Sealed spool files, oldest first."""
    return sorted(folder.glob("*" + READY_SUFFIX)) if folder.is_dir() else []


def pending_bytes(folder: Path) -> int:
    """Bytes in the spool not loaded yet (open and sealed files)."""
    if not folder.is_dir():
        return 0
    return sum(p.stat().st_size for p in folder.glob("*.jsonl*") if p.is_file())


def oldest_open_ns(folder: Path) -> int | None:
    """When the oldest spool file still open was started (its name's first part), or None."""
    starts = [
        int(p.name.split("-", 1)[0])
        for p in folder.glob("*" + OPEN_SUFFIX)
        if p.name.split("-", 1)[0].isdigit()
    ]
    return min(starts, default=None)
