"""The loader: the one writer of the store. It moves sealed spool files into the store through
the same pipeline as `journeymap ingest` and deletes a file only after the store committed it.

A crash before the delete loads the file again: dedupe by messageId (and stable quarantine ids)
makes that replay add nothing, so every acknowledged event is stored exactly once.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from journeymap.events.ingest import ingest
from journeymap.events.options import IngestOptions
from journeymap.service.collect import QUARANTINE_MARK
from journeymap.service.requests import run_pending
from journeymap.service.spool import FAILED_DIR, oldest_open_ns, ready_files, seal_orphans
from journeymap.store import Store

log = logging.getLogger("journeymap.loader")
STATE_FILE = "loader.json"
SOURCE = "api"


@dataclass
class LoaderState:
    files: int = 0
    loaded: int = 0
    duplicates: int = 0
    quarantined: int = 0
    failed_files: int = 0
    heartbeat: float = 0.0


def _split(path: Path) -> tuple[Path | None, list[tuple[int, dict[str, Any]]]]:
    """The file to ingest (itself, or a copy without refused events) and the refused events."""
    data = path.read_bytes()
    if QUARANTINE_MARK.encode() not in data:
        return path, []
    kept: list[bytes] = []
    refused: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        if QUARANTINE_MARK.encode() in line:
            try:
                mark = json.loads(line)
            except ValueError:
                mark = None
            if isinstance(mark, dict) and QUARANTINE_MARK in mark:
                refused.append((number, mark))
                continue
        kept.append(line)
    if not kept:
        return None, refused
    fd, name = tempfile.mkstemp(suffix=".jsonl", dir=path.parent / FAILED_DIR)
    with os.fdopen(fd, "wb") as file:
        file.writelines(kept)
    return Path(name), refused


def _quarantine(store: Store, refused: list[tuple[int, dict[str, Any]]]) -> int:
    """Write events the API refused; the id hashes reason and text, so a replay adds nothing."""
    rows = [
        (
            f"{mark[QUARANTINE_MARK]}\x1f{mark.get('raw')}",
            number,
            mark.get("raw"),
            mark[QUARANTINE_MARK],
        )
        for number, mark in refused
    ]
    store.duckdb.executemany(
        """INSERT INTO quarantine
           SELECT md5($1), $5, $2, $3, $4, now()::TIMESTAMP, NULL
           WHERE md5($1) NOT IN (SELECT quarantine_id FROM quarantine)""",
        [(*row, SOURCE) for row in rows],
    )
    return len(rows)


class Loader:
    """Loads the spool `folder` into the store at `store_url`."""

    def __init__(
        self,
        store_url: str,
        folder: Path,
        *,
        interval: float = 0.5,
        after_pass: Callable[[Store], None] | None = None,
    ) -> None:
        self.store_url = store_url
        self.folder = folder
        self.interval = interval
        self.after_pass = after_pass
        """Called with the store after every pass (the automations runner: new events, timers)."""
        self.state = LoaderState()
        (folder / FAILED_DIR).mkdir(parents=True, exist_ok=True)

    def load_file(self, store: Store, path: Path) -> bool:
        """Load one sealed file; True when it is in the store (and deleted from the spool)."""
        target, refused = _split(path)
        if refused:
            self.state.quarantined += _quarantine(store, refused)
        if target is not None:
            (result,) = ingest(store, [target], IngestOptions(format="jsonl", source=SOURCE))
            if target != path:
                target.unlink()
            if not result.ok:
                log.error("spool file not loaded", extra={"file": path.name, "error": result.error})
                path.rename(self.folder / FAILED_DIR / path.name)
                self.state.failed_files += 1
                return False
            self.state.loaded += result.rows_stored
            self.state.duplicates += result.rows_duplicate
            self.state.quarantined += result.rows_quarantined
        path.unlink()
        self.state.files += 1
        return True

    def run_once(self, store: Store) -> int:
        """Load everything sealed now, then the privacy requests; returns files loaded."""
        seal_orphans(self.folder)
        files = ready_files(self.folder)
        for path in files:
            self.load_file(store, path)
        run_pending(store, self.folder, oldest_open_ns(self.folder))
        if self.after_pass is not None:
            try:
                self.after_pass(store)
            except Exception:  # an automation problem must not stop the loading of events
                log.exception("automations pass failed; retrying on the next pass")
        self.save_state()
        return len(files)

    def save_state(self) -> None:
        self.state.heartbeat = time.time()
        temp = self.folder / (STATE_FILE + ".tmp")
        temp.write_text(json.dumps(asdict(self.state)), encoding="utf-8")
        temp.replace(self.folder / STATE_FILE)

    def _open(self, stop: threading.Event) -> Store | None:
        """The store, retried while another process holds it (DuckDB allows one writer)."""
        wait = self.interval
        while not stop.is_set():
            try:
                return Store.open(self.store_url)
            except Exception as error:  # StoreError, or a DuckDB lock held elsewhere
                log.error("cannot open the store; retrying", extra={"error": str(error)})
                stop.wait(wait)
                wait = min(wait * 2, 30.0)
        return None

    def run(self, stop: threading.Event) -> None:
        """Load until `stop` is set; the store stays open (DuckDB: one writer) the whole time."""
        store = self._open(stop)
        if store is None:
            return
        with store:
            while not stop.is_set():
                try:
                    loaded = self.run_once(store)
                except Exception:
                    log.exception("loader pass failed; retrying")
                    loaded = 0
                if not loaded:
                    stop.wait(self.interval)
            self.run_once(store)


def read_state(folder: Path) -> LoaderState | None:
    try:
        return LoaderState(**json.loads((folder / STATE_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
