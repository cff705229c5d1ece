"""The web app: sessions, language and security headers around the page routers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from journeymap.i18n import reset_language, set_language
from journeymap.web import (
    auth_routes,
    binding_picker_routes,
    editor_comment_routes,
    editor_evidence_routes,
    editor_item_routes,
    editor_reorder_routes,
    editor_routes,
    editor_source_routes,
    editor_undo_routes,
    export_routes,
    gallery_routes,
    history_routes,
    notification_routes,
    person_routes,
    personalization_routes,
    report_routes,
    sessions,
    share_routes,
    update_routes,
    users_routes,
    workbench_routes,
)
from journeymap.web.rendering import render, wants_json
from journeymap.web.visit import WebState, start_visit

# Pages load only what the server serves; the living report keeps its inline script and styles.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
REPORT_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)


def create_web_app(root: Path, *, secure_cookies: bool = False) -> FastAPI:
    """The app of the workspace at `root`. `secure_cookies`: send the session cookie over HTTPS
    only (on behind TLS; off for plain http on loopback)."""
    state = WebState.of(root, secure_cookies=secure_cookies)
    app = FastAPI(title="journeymap web", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = state
    static = files("journeymap.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.middleware("http")
    async def visit(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        current = start_visit(request, state)
        request.state.visit = current
        token = set_language(current.language)
        try:
            response = await call_next(request)
        finally:
            reset_language(token)
        if current.fresh:
            set_session_cookie(response, current.session, state)
        shared = request.url.path.startswith("/share/")  # the rendered map page's own script
        is_report = request.url.path.endswith("/report") or shared
        response.headers["Content-Security-Policy"] = REPORT_CSP if is_report else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        # A share link's token is in its path: never send it on as a referrer.
        response.headers["Referrer-Policy"] = "no-referrer" if shared else "same-origin"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if wants_json(request) or request.headers.get("HX-Request") == "true":
            return JSONResponse({"error": error.detail}, status_code=error.status_code)
        if error.status_code == 401 and request.method == "GET":
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        body = render(request, "error.html.j2", message=str(error.detail), data={})
        return HTMLResponse(body, status_code=error.status_code)

    routers = (auth_routes, gallery_routes, editor_routes, history_routes, report_routes)
    for module in (*routers, users_routes, share_routes):
        app.include_router(module.router)
    app.include_router(editor_item_routes.router)
    for module in (editor_undo_routes, editor_reorder_routes, editor_source_routes):
        app.include_router(module.router)
    for module in (editor_evidence_routes, editor_comment_routes, notification_routes):
        app.include_router(module.router)
    app.include_router(export_routes.router)
    app.include_router(binding_picker_routes.router)
    app.include_router(update_routes.router)
    for module in (workbench_routes, person_routes, personalization_routes):
        app.include_router(module.router)
    return app


def set_session_cookie(response: Response, session: sessions.Session, state: WebState) -> None:
    response.set_cookie(
        sessions.COOKIE,
        sessions.encode(session, state.secret),
        max_age=sessions.MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=state.secure_cookies,
        path="/",
    )
