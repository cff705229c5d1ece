"""The request middleware: the language of messages, metrics and one log line per request.

A pure ASGI middleware, not `@app.middleware("http")`: Starlette's `BaseHTTPMiddleware` runs
every request in a second task and streams the response through memory channels, which cost
more than the recommendation itself (benchmarks/RESULTS.md, "Recommendation latency under
collection load").
"""

from __future__ import annotations

import logging
import time

from starlette.datastructures import Headers, QueryParams
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from journeymap.api import errors
from journeymap.api.language import accepted_language, request_language, response_language
from journeymap.api.metrics import Metrics
from journeymap.i18n import LANGUAGES
from journeymap.i18n import gettext as _

log = logging.getLogger("journeymap.api")


class Observe:
    def __init__(self, app: ASGIApp, metrics: Metrics, language: str | None = None) -> None:
        self.app = app
        self.metrics = metrics
        self.language = language
        """The workspace's `language` (read once, with the service's settings)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        header = Headers(scope=scope).get("accept-language")
        try:
            language = request_language(
                QueryParams(scope.get("query_string", b"")).get("lang"), header
            )
        except ValueError:
            with response_language(accepted_language(header), self.language):
                message = _("lang must be one of {languages}", languages=", ".join(LANGUAGES))
                body = errors.error_body("invalid_language", message, "lang")
            await JSONResponse(body, 422)(scope, receive, send)
            return
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        with response_language(language, self.language):
            await self.app(scope, receive, send_status)
        seconds = time.perf_counter() - started
        path = getattr(scope.get("route"), "path", "unmatched")
        self.metrics.observe(path, status, seconds)
        log.info(
            "request",
            extra={
                "method": scope["method"],
                "path": path,
                "status": status,
                "ms": round(seconds * 1000, 2),
            },
        )
