"""Opening input files: transparent gzip, checksums, sizes for progress."""

from __future__ import annotations

from pathlib import Path
from typing import IO, cast

GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == GZIP_MAGIC


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when it is gzip (whatever its extension)."""
    if is_gzip(path):
        import gzip  # here: `journeymap --help` imports this module for format names

        return cast("IO[bytes]", gzip.open(path, "rb"))
    return path.open("rb")


def head_bytes(path: Path, size: int = 4096) -> bytes:
    with open_binary(path) as handle:
        return handle.read(size)


def checksum(path: Path) -> str:
    """sha256 of the file as stored (so a renamed copy has the same checksum)."""
    import hashlib

    digest = hashlib.sha256()
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(child.relative_to(path).as_posix().encode())
            digest.update(checksum(child).encode())
        return digest.hexdigest()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size
