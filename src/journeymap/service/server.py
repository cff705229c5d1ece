"""Run the service: the loader thread (the store's only writer) and uvicorn with N workers."""

from __future__ import annotations

import logging.config
import os
import threading

from journeymap.service.json_logs import log_config
from journeymap.service.loader import Loader
from journeymap.service.settings import ServiceSettings
from journeymap.service.spool import seal_orphans


def serve(settings: ServiceSettings, *, host: str, port: int, workers: int = 1) -> None:
    """Blocks until the server stops (Ctrl-C / SIGTERM); the loader drains what is sealed."""
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
    loader = Loader(
        settings.store_url,
        settings.spool,
        interval=settings.serve.loader_interval,
        after_pass=after_pass,
    )
    loader.save_state()
    thread = threading.Thread(
        target=loader.run, args=(stop,), name="journeymap-loader", daemon=True
    )
    thread.start()
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
        stop.set()
        thread.join(timeout=60)
