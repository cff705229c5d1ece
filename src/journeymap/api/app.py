"""The FastAPI application: settings from the workspace (or the environment for workers),
routers for collection, operations and administration."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware

from journeymap.api import admin_routes, collect_routes, errors, ops_routes
from journeymap.api.deps import Service
from journeymap.service.settings import ServiceSettings

log = logging.getLogger("journeymap.api")


async def _rotate(service: Service) -> None:
    while True:
        await asyncio.sleep(min(0.25, service.settings.serve.spool_max_seconds))
        await asyncio.to_thread(service.spool.rotate_if_old)


def create_app(settings: ServiceSettings) -> FastAPI:
    service = Service.of(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(_rotate(service))
        try:
            yield
        finally:
            task.cancel()
            service.spool.close()

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

    @app.middleware("http")
    async def observe(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        seconds = time.perf_counter() - started
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        service.metrics.observe(path, response.status_code, seconds)
        log.info(
            "request",
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "ms": round(seconds * 1000, 2),
            },
        )
        return response

    for router in (collect_routes.router, ops_routes.router, admin_routes.router):
        app.include_router(router)
    return app


def app_from_env() -> FastAPI:
    """The app of a uvicorn worker process (`journeymap serve` passes settings in the env)."""
    return create_app(ServiceSettings.from_env(dict(os.environ)))
