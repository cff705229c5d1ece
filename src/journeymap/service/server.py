"""Run the service: the loader thread (the store's only writer) and uvicorn with N workers,
and optionally a read process on its own port that serves the state the loader's process
exports (so reads do not share a GIL with collection)."""

from __future__ import annotations

import logging
import logging.config
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from journeymap.service.json_logs import log_config
from journeymap.service.loader import Loader
from journeymap.service.settings import ServiceSettings
from journeymap.service.spool import seal_orphans
from journeymap.store import Store

log = logging.getLogger("journeymap.serve")
READ_STATE_FILE = "read-state.pickle"
"""The exported read state, beside the spool in the workspace's `.journeymap` folder."""


def _passes(*hooks: Callable[[Store], None] | None) -> Callable[[Store], None] | None:
    """One `after_pass` running every hook; one failing does not stop the others."""
    chosen = [hook for hook in hooks if hook is not None]
    if not chosen:
        return None

    def run(store: Store) -> None:
        for hook in chosen:
            try:
                hook(store)
            except Exception:
                log.exception("after-pass hook failed; retrying on the next pass")

    return run


def _start_reader(settings: ServiceSettings, host: str, port: int) -> subprocess.Popen[bytes]:
    """The read process: the same app, its reads served from the exported state file."""
    env = {**os.environ, **settings.to_env()}
    command = [sys.executable, "-m", "uvicorn", "journeymap.api.app:app_from_env", "--factory"]
    command += ["--host", host, "--port", str(port), "--no-access-log", "--log-level", "warning"]
    return subprocess.Popen(command, env=env)


def serve(
    settings: ServiceSettings,
    *,
    host: str,
    port: int,
    workers: int = 1,
    read_port: int | None = None,
    export: Callable[[Store, Path], None] | None = None,
) -> None:
    """Blocks until the server stops (Ctrl-C / SIGTERM); the loader drains what is sealed.

    With `read_port`, `export(store, file)` is called after loader passes (it writes the read
    state to `file`) and a read process serves that state on `read_port`."""
    import uvicorn

    config = log_config()
    logging.config.dictConfig(config)
    settings.spool.mkdir(parents=True, exist_ok=True)
    seal_orphans(settings.spool)
    os.environ.update(settings.to_env())
    stop = threading.Event()
    after_pass = None
    if settings.automations is not None:
        from journeymap.service.automations_hook import automations_pass

        after_pass = automations_pass(settings.automations, settings.map_files)
    exported = settings.spool.parent / READ_STATE_FILE
    exporter = None
    if read_port is not None and export is not None:
        exporter = _throttled(
            lambda store: export(store, exported), settings.serve.read_export_seconds
        )
    loader = Loader(
        settings.store_url,
        settings.spool,
        interval=settings.serve.loader_interval,
        after_pass=_passes(after_pass, exporter),
    )
    loader.save_state()
    thread = threading.Thread(
        target=loader.run, args=(stop,), name="journeymap-loader", daemon=True
    )
    thread.start()
    reader = None
    if read_port is not None:
        reader = _start_reader(replace(settings, read_state=exported), host, read_port)
    try:
        uvicorn.run(
            "journeymap.api.app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=config,
            access_log=False,
        )
    finally:
        if reader is not None:
            reader.terminate()
            reader.wait(timeout=60)
        stop.set()
        thread.join(timeout=60)


def _throttled(hook: Callable[[Store], None], seconds: float) -> Callable[[Store], None]:
    """`hook` at the first pass, then at most once every `seconds`."""
    import time

    last = [-float("inf")]

    def run(store: Store) -> None:
        if time.monotonic() - last[0] >= seconds:
            last[0] = time.monotonic()
            hook(store)

    return run
