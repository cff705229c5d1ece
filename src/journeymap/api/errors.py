"""Errors as JSON bodies `{"success": false, "code", "field", "message"}`; never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from journeymap.i18n import gettext
from journeymap.service.read_store import StoreUnavailableError

log = logging.getLogger("journeymap.api")


class ApiError(Exception):
    """A refused request: HTTP status, an English code for scripts, the field and a fix."""

    def __init__(
        self, status: int, code: str, message: str, field: str | None = None, **extra: object
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.extra = extra


def error_body(
    code: str, message: str, field: str | None = None, **extra: object
) -> dict[str, object]:
    body: dict[str, object] = {"success": False, "code": code, "message": message}
    if field is not None:
        body["field"] = field
    body.update(extra)
    return body


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Basic"} if exc.status == 401 else None
        body = error_body(exc.code, exc.message, exc.field, **exc.extra)
        return JSONResponse(body, status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        field = ".".join(str(part) for part in first.get("loc", ()))
        return JSONResponse(error_body("invalid_request", str(first["msg"]), field), 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        body = error_body("http_error", str(exc.detail))
        return JSONResponse(body, exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(StoreUnavailableError)
    async def store_unavailable(_: Request, exc: StoreUnavailableError) -> JSONResponse:
        log.error("store unavailable", extra={"error": str(exc)})
        message = gettext("the store cannot be read now (another process holds it); retry later")
        return JSONResponse(error_body("store_unavailable", message), 503)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return JSONResponse(
            error_body("internal_error", gettext("internal error; see the server log")), 500
        )
