"""The FastAPI application: settings from the workspace (or the environment for workers),
routers for collection, operations and administration."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from journeymap.api import (
    admin_routes,
    analytics_more_routes,
    analytics_routes,
    collect_routes,
    errors,
    maps_routes,
    ops_routes,
    people_routes,
    report_routes,
    unsubscribe_routes,
)
from journeymap.api.deps import Service
from journeymap.api.observe import Observe
from journeymap.service.settings import ServiceSettings

log = logging.getLogger("journeymap.api")


async def _rotate(service: Service) -> None:
    while True:
        await asyncio.sleep(min(0.25, service.settings.serve.spool_max_seconds))
        await asyncio.to_thread(service.spool.rotate_if_old)


async def _warm(service: Service) -> None:
    """Build the read API's state (profiles, fitted recommender) before the first read."""
    try:
        await asyncio.to_thread(service.read.current)
    except Exception as error:  # the read endpoints answer 503 and retry on their next call
        log.error("read state not built", extra={"error": str(error)})


def create_app(settings: ServiceSettings, *, warm: bool = False) -> FastAPI:
    """The app; `warm=True` builds the read state at start-up (as `journeymap serve` does)."""
    service = Service.of(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(_rotate(service))
        warming = asyncio.create_task(_warm(service)) if warm else None
        try:
            yield
        finally:
            task.cancel()
            if warming is not None:
                warming.cancel()
            service.spool.close()
            service.read.store.close()
            service.unsubscribe_limits.close()

    app = FastAPI(
        title="journeymap",
        summary="Segment-compatible event collection for living journey maps",
        version="1",
        lifespan=lifespan,
    )
    app.state.service = service
    errors.install(app)
    if settings.serve.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.serve.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Content-Encoding"],
        )

    app.add_middleware(Observe, metrics=service.metrics, language=settings.language)

    routers = (
        collect_routes.router,
        ops_routes.router,
        admin_routes.router,
        maps_routes.router,
        analytics_routes.router,
        analytics_more_routes.router,
        people_routes.router,
        report_routes.router,
        unsubscribe_routes.router,
    )
    for router in routers:
        app.include_router(router)
    return app


def app_from_env() -> FastAPI:
    """The app of a uvicorn worker process (`journeymap serve` passes settings in the env)."""
    return create_app(ServiceSettings.from_env(dict(os.environ)), warm=True)
