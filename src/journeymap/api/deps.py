"""What every router shares, as typed dependencies: the service state of this process."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from journeymap.api.auth import RateLimiter, authorize, key_from_header
from journeymap.api.metrics import Metrics
from journeymap.api.read_state import ReadState
from journeymap.api.unsubscribe_limits import LIMITS_FILE, UnsubscribeLimits
from journeymap.service.keys import KeyRecord, KeyRing
from journeymap.service.settings import ServiceSettings
from journeymap.service.spool import SpoolWriter


@dataclass
class Service:
    settings: ServiceSettings
    keys: KeyRing
    spool: SpoolWriter
    limiter: RateLimiter
    read: ReadState
    unsubscribe_limits: UnsubscribeLimits
    metrics: Metrics = field(default_factory=Metrics)

    @classmethod
    def of(cls, settings: ServiceSettings) -> Service:
        serve = settings.serve
        return cls(
            settings=settings,
            keys=KeyRing(settings.keys),
            spool=SpoolWriter(
                settings.spool, max_bytes=serve.spool_max_bytes, max_seconds=serve.spool_max_seconds
            ),
            limiter=RateLimiter(serve.rate_limit, serve.rate_burst),
            read=ReadState(settings),
            # shared by the workers: a SQLite file beside the spool (see unsubscribe_limits)
            unsubscribe_limits=UnsubscribeLimits(serve, path=settings.spool.parent / LIMITS_FILE),
        )


async def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


def _key_of_kind(*kinds: str):  # type: ignore[no-untyped-def]
    async def check(request: Request, service: ServiceDep) -> KeyRecord:
        return authorize(service.keys, service.limiter, key_from_header(request), kinds)

    return check


ReadKey = Annotated[KeyRecord, Depends(_key_of_kind("read", "admin"))]
AdminKey = Annotated[KeyRecord, Depends(_key_of_kind("admin"))]
