"""Read access to the store for the read API: one connection per process, a cursor per request.

DuckDB has one writer, the loader. In the process that runs the loader (`journeymap serve`
with one worker) a second connection to the same file shares the loader's database, so reads
see every committed batch (snapshot isolation). A worker process that cannot open the file
because another process holds it answers 503 (`StoreUnavailableError`); see docs/api.md.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from journeymap.i18n import gettext as _
from journeymap.store import Store


class StoreUnavailableError(RuntimeError):
    """The store cannot be opened for reading (held by another process, or broken)."""


class ReadStore:
    """Opens the store at `url` once, on first use; `open()` gives a per-request view."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._store: Store | None = None
        self._lock = threading.Lock()

    def _base(self) -> Store:
        with self._lock:
            if self._store is None:
                try:
                    # never migrate here: the loader is the store's one writer
                    store = Store.open(self.url, upgrade=False)
                except Exception as error:  # StoreError, or the file lock of another process
                    raise StoreUnavailableError(str(error)) from None
                if "events" not in store.backend.list_tables():
                    store.close()
                    raise StoreUnavailableError(
                        _("the store {url} has no tables yet", url=self.url)
                    )
                self._store = store
            return self._store

    @contextmanager
    def open(self) -> Iterator[Store]:
        """A store for one request: a DuckDB cursor (connections are not shared between
        threads), or the store itself on other engines."""
        base = self._base()
        if base.engine != "duckdb":
            yield base
            return
        cursor = base.duckdb.cursor()
        try:
            yield Store.open(cursor, upgrade=False)
        finally:
            cursor.close()

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
