"""Built reports kept on disk in the workspace, so a second visit of the same report view does
not run every analysis again (18 s at 1M events).

An entry is found by a key made of everything the report is computed from:

- the map's content (`design_digest`: an edit changes it, a comment-only edit does not);
- the scope: segment, first and last day, and the language (notes are worded at build time);
- the options the service API's report takes besides the scope (`segments_by`, `repeat_by`,
  the workspace's cost settings); the web app's report leaves them at their defaults;
- the store's data version (`store.data_version`: a new ingest, a deletion, a costs import or
  an automation run changes it);
- the workspace files the report reads besides the map: `journeymap.toml`, the content catalog
  and the automations (name, size and modification time of each file).

Entries live in `.journeymap/cache/reports/` of the workspace, one file each, written to a
temporary name and renamed into place, so they survive a restart of the app and are shared by
its worker processes (two workers building the same view at once both write the same answer).
The folder is bounded: past `MAX_ENTRIES` files or `MAX_BYTES` the least recently used go, and
an entry older than `MAX_AGE` is built again (effects of automations depend on today's date).
The files are pickles of `ReportData`: the folder is the workspace's own, as trusted as its
store and maps; a file that cannot be read is dropped and the report built again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pickle
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Sequence

    from journeymap.model import JourneyMap
    from journeymap.model.workspace import Workspace
    from journeymap.report.data import ReportData

CACHE_FOLDER: Final = Path(".journeymap") / "cache" / "reports"
MAX_ENTRIES: Final = 64
MAX_BYTES: Final = 256 * 1024 * 1024
MAX_AGE: Final = dt.timedelta(hours=24)
SUFFIX: Final = ".report.pickle"
STALE_TEMPORARY: Final = 3600.0
"""Seconds after which a temporary file of a writer is taken as left by one that died."""
FORMAT: Final = 1
"""Bumped when `ReportData` changes shape, so entries of an older journeymap are not read."""


@dataclass
class CachedReport:
    """A built report and the segment picker's choices for its map (read from all events)."""

    data: ReportData
    segment_options: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReportKey:
    journey: str
    """`design_digest` of the map."""
    segment: str
    start: str
    end: str
    language: str
    data_version: str
    inputs: str
    """`workspace_inputs` of the workspace."""
    segments_by: str = ""
    """The segment switcher's segmentations as asked, joined by commas: "" for the map's
    default, `none` for no switcher."""
    repeat_by: str = "orders"
    costs: str = ""
    """The cost settings when not the store's defaults (`costs_key`): "" for the store's costs
    under the linear model without currency rates."""

    def digest(self) -> str:
        from dataclasses import fields

        from journeymap import __version__
        from journeymap.report.data import ReportData

        shape = ",".join(f.name for f in fields(ReportData))
        text = "\x1f".join([str(FORMAT), __version__, shape, *self.__dict__.values()])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def report_key(
    journey: JourneyMap,
    *,
    segment: str,
    start: dt.date | None,
    end: dt.date | None,
    language: str,
    data_version: str,
    inputs: str,
    segments_by: Sequence[str] | None = None,
    repeat_by: str = "orders",
    costs: str = "",
) -> ReportKey:
    """The key of a report view; `segments_by` as `build_report` takes it (None: the map's
    default, empty: no switcher)."""
    from journeymap.report.snapshots import design_digest

    return ReportKey(
        design_digest(journey),
        segment,
        start.isoformat() if start else "",
        end.isoformat() if end else "",
        language,
        data_version,
        inputs,
        segments_by="" if segments_by is None else ",".join(segments_by) or "none",
        repeat_by=repeat_by,
        costs=costs,
    )


def costs_key(model: str, rates: Path | None) -> str:
    """The part of a key for cost settings other than the store's defaults: the attribution
    model and the currency rates file (path, size and modification time)."""
    parts = [model]
    if rates is not None:
        try:
            stat = rates.stat()
            parts.append(f"{rates}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{rates}:missing")
    return "\x1f".join(parts)


def workspace_inputs(workspace: Workspace) -> str:
    """A digest of the workspace files a report reads besides its map and store: the config,
    the content catalog and the automations (path, size and modification time of each)."""
    root = workspace.root
    files = [root / "journeymap.toml"]
    for folder in (root / workspace.config.content, root / "automations"):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    parts = []
    for file in files:
        with contextlib.suppress(OSError):
            stat = file.stat()
            parts.append(f"{file.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:24]


class ReportCache:
    """The workspace's folder of built reports (see the module's docstring)."""

    def __init__(
        self,
        root: Path,
        *,
        max_entries: int = MAX_ENTRIES,
        max_bytes: int = MAX_BYTES,
        max_age: dt.timedelta = MAX_AGE,
    ) -> None:
        self.folder = root / CACHE_FOLDER
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_age = max_age

    def _file(self, key: ReportKey) -> Path:
        return self.folder / f"{key.digest()}{SUFFIX}"

    def get(self, key: ReportKey) -> CachedReport | None:
        """The entry of `key`, None when there is none, it is too old or cannot be read."""
        file = self._file(key)
        try:
            age = time.time() - file.stat().st_mtime
            if age > self.max_age.total_seconds():
                file.unlink(missing_ok=True)
                return None
            with file.open("rb") as stream:
                entry = pickle.load(stream)  # noqa: S301 - the workspace's own files, see above
            os.utime(file, (time.time(), file.stat().st_mtime))  # used now: evicted last
        except FileNotFoundError:
            return None
        except Exception:  # a damaged or outdated entry is built again
            file.unlink(missing_ok=True)
            return None
        return entry if isinstance(entry, CachedReport) else None

    def put(self, key: ReportKey, entry: CachedReport) -> None:
        """Keep `entry` under `key`, then evict beyond the bounds. A folder that cannot be
        written (a read-only workspace) or an entry that cannot be pickled leaves the report
        uncached, never fails the page."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "wb", dir=self.folder, prefix=".tmp-", suffix=SUFFIX, delete=False
            ) as stream:
                written = Path(stream.name)
                pickle.dump(entry, stream, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            return
        except Exception:  # an object of a section that does not pickle: serve it uncached
            written.unlink(missing_ok=True)
            return
        try:
            written.replace(self._file(key))
        except OSError:
            written.unlink(missing_ok=True)
            return
        self._evict()

    def _evict(self) -> None:
        """Drop the least recently used entries beyond `max_entries` or `max_bytes`, and the
        temporary files of writers that died (older than an hour)."""
        entries = []
        for file in self.folder.glob(f"*{SUFFIX}"):
            with contextlib.suppress(OSError):
                stat = file.stat()
                if not file.name.startswith(".tmp-"):
                    entries.append((stat.st_atime, stat.st_size, file))
                elif time.time() - stat.st_mtime > STALE_TEMPORARY:
                    file.unlink(missing_ok=True)
        entries.sort(reverse=True)  # most recently used first
        total = 0
        for index, (_, size, file) in enumerate(entries):
            total += size
            if index >= self.max_entries or total > self.max_bytes:
                file.unlink(missing_ok=True)
