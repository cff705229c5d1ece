"""Health, readiness and metrics (health and readiness need no key)."""

from __future__ import annotations

import time

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse

from journeymap.api.deps import ReadKey, ServiceDep
from journeymap.service.loader import read_state

router = APIRouter(tags=["operations"])
LOADER_STALE_SECONDS = 30.0


@router.get("/health", summary="The process is up")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", summary="Ready: the spool is writable and the loader is alive")
def ready(service: ServiceDep) -> JSONResponse:
    spool_ok = service.settings.spool.is_dir()
    state = read_state(service.settings.spool)
    loader_ok = state is not None and time.time() - state.heartbeat < LOADER_STALE_SECONDS
    body = {
        "status": "ready" if spool_ok and loader_ok else "not ready",
        "spool": spool_ok,
        "loader": loader_ok,
    }
    return JSONResponse(body, status_code=200 if spool_ok and loader_ok else 503)


@router.get(
    "/metrics", summary="Prometheus metrics (read or admin key)", response_class=PlainTextResponse
)
def metrics(service: ServiceDep, _: ReadKey) -> PlainTextResponse:
    return PlainTextResponse(service.metrics.render(service.settings.spool))
