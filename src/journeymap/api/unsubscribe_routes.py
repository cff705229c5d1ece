"""The unsubscribe link of every message: `GET /unsubscribe?token=...` shows a confirmation
page (English or Russian: `?lang=`, else `Accept-Language`), `POST` records the unsubscribe
(the page's buttons, or a mail client's one-click `List-Unsubscribe=One-Click`, RFC 8058).

Its JSON twin is the same path with `Accept: application/json`, or `/unsubscribe.json`: `GET`
tells the token's status (`confirm`: valid, with its list and scopes), `POST` (form fields or a
JSON object `{"token", "scope"}`) records it (`unsubscribed`). A token that does not verify is
400 (`invalid_token`), an expired one 410 (`expired_token`), as an HTML page or a JSON error.

No key: the signed token is the authorization (`orchestrate.unsubscribe`); a refused token
records nothing. Requests are rate limited per client address and per token
(`unsubscribe_limits`): 429 with `Retry-After` and a JSON body. The unsubscribe is an
`Unsubscribed` event written to the spool like collected events; the loader stores it and the
runner suppresses the person, so no later message of the list (or, with `scope=all`, no
marketing message) reaches her.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from journeymap.api.deps import Service, ServiceDep
from journeymap.api.errors import error_body
from journeymap.i18n import get_language, use_language
from journeymap.i18n import gettext as _
from journeymap.orchestrate.load import read_settings
from journeymap.orchestrate.unsubscribe import UnsubscribeToken, read_token, unsubscribe_event
from journeymap.service.collect import prepare_batch

router = APIRouter(tags=["automations"])
ONE_CLICK = "One-Click"


def _language() -> str:
    """The page's language, as the middleware chose it: `?lang=`, `Accept-Language`, the
    workspace's `language`, English."""
    return get_language()


def _token(service: ServiceDep, text: str) -> UnsubscribeToken | None:
    from journeymap.model.problems import MapError

    try:
        settings = read_settings(service.settings.automations)
    except MapError:
        return None  # a broken settings.yaml: no secret to check against, refuse
    return read_token(text, settings.unsubscribe_secret_env)


def _page(language: str, title: str, body: Markup, status: int = 200) -> HTMLResponse:
    html = Markup(
        '<!doctype html><html lang="{}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title>'
        "</head><body><main><h1>{}</h1>{}</main></body></html>"
    ).format(language, title, title, body)
    return HTMLResponse(str(html), status_code=status)


def _refused(language: str) -> HTMLResponse:
    with use_language(language):
        return _page(
            language,
            _("Unsubscribe"),
            Markup("<p>{}</p>").format(
                _("This unsubscribe link is not valid. Copy the whole link from the message.")
            ),
            status=400,
        )


_JSON: dict[str, Any] = {"application/json": {}}
_HTML: dict[str, Any] = {"text/html": {}}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "An HTML page, or the JSON status", "content": {**_HTML, **_JSON}},
    400: {"description": "The token does not verify", "content": {**_HTML, **_JSON}},
    410: {"description": "The token has expired", "content": {**_HTML, **_JSON}},
    429: {"description": "Too many requests (see Retry-After)", "content": _JSON},
}


def _wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "").lower()
    return "application/json" in accept and "text/html" not in accept


def _expired(language: str) -> HTMLResponse:
    with use_language(language):
        return _page(
            language,
            _("Unsubscribe"),
            Markup("<p>{}</p>").format(
                _(
                    "This unsubscribe link has expired. Use the link of a newer message, or "
                    "reply to one of our messages."
                )
            ),
            status=410,
        )


def _refusal(
    request: Request, service: Service, token: str
) -> tuple[UnsubscribeToken | None, Response | None]:
    """(the token, None) when the request may go on, else (None, the refusal): rate limited
    (429), a token that does not verify (400) or has expired (410)."""
    language = _language()
    wait = service.unsubscribe_limits.retry_after(request, token)
    as_json = _wants_json(request)
    with use_language(language):
        if wait is not None:
            message = _("too many unsubscribe requests; retry in {seconds} s", seconds=wait)
            body = error_body("rate_limited", message, retry_after=wait)
            return None, JSONResponse(body, 429, headers={"Retry-After": str(wait)})
        found = _token(service, token)
        if found is None:
            if not as_json:
                return None, _refused(language)
            message = _("the unsubscribe token is not valid; send the whole token of the link")
            return None, JSONResponse(error_body("invalid_token", message, "token"), 400)
        if found.expired():
            if not as_json:
                return None, _expired(language)
            expired_at = found.expires_at.isoformat() if found.expires_at else None
            message = _("the unsubscribe token has expired")
            body = error_body("expired_token", message, "token", expired_at=expired_at)
            return None, JSONResponse(body, 410)
    return found, None


@router.get(
    "/unsubscribe",
    summary="Confirm an unsubscribe (HTML page; JSON with Accept: application/json)",
    response_class=HTMLResponse,
    responses=_RESPONSES,
)
def confirm(request: Request, service: ServiceDep, token: str = "") -> Response:
    found, refusal = _refusal(request, service, token)
    if found is None:
        assert refusal is not None
        return refusal
    if _wants_json(request):
        return JSONResponse(_status(found))
    language = _language()
    with use_language(language):
        form = Markup(
            '<form method="post"><input type="hidden" name="token" value="{}">'
            '<p><button type="submit" name="scope" value="list">{}</button></p>'
            '<p><button type="submit" name="scope" value="all">{}</button></p></form>'
        ).format(
            token,
            _("Unsubscribe from these messages"),
            _("Unsubscribe from all our messages"),
        )
        text = Markup("<p>{}</p>").format(_("Stop the messages of “{list}”?", list=found.list_id))
        return _page(language, _("Unsubscribe"), text + form)


@router.get(
    "/unsubscribe.json",
    summary="An unsubscribe token's status (JSON twin of the confirmation page)",
    responses=_RESPONSES,
)
def confirm_json(request: Request, service: ServiceDep, token: str = "") -> Response:
    return confirm(request, service, token)


def _status(found: UnsubscribeToken) -> dict[str, Any]:
    return {
        "success": True,
        "status": "confirm",
        "list": found.list_id,
        "scopes": ["list", "all"],
        "expires_at": found.expires_at.isoformat() if found.expires_at else None,
    }


async def _fields(request: Request) -> dict[str, list[str]]:
    """The POST's fields: a form (the page, a mail client's one-click) or a JSON object."""
    body = (await request.body()).decode("utf-8", "replace")
    if "json" in request.headers.get("content-type", "").lower():
        try:
            data = json.loads(body or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        return {key: [str(value)] for key, value in data.items() if value is not None}
    return parse_qs(body)


@router.post(
    "/unsubscribe",
    summary="Record an unsubscribe (form or RFC 8058 one-click; JSON with Accept)",
    response_class=HTMLResponse,
    responses=_RESPONSES,
)
async def record(request: Request, service: ServiceDep) -> Response:
    form = await _fields(request)
    token = request.query_params.get("token") or next(iter(form.get("token", [])), "")
    found, refusal = _refusal(request, service, token)
    if found is None:
        assert refusal is not None
        return refusal
    one_click = ONE_CLICK in form.get("List-Unsubscribe", [])
    everything = not one_click and next(iter(form.get("scope", [])), "list") == "all"
    event = unsubscribe_event(found, everything=everything, at=datetime.now(UTC))
    now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    prepared = prepare_batch([event], received_at=now, store_ip=False, defaults={}, where="body")
    await run_in_threadpool(service.spool.append, prepared.lines)
    if _wants_json(request):
        scope = "all" if everything else "list"
        listed = None if everything else found.list_id
        return JSONResponse(
            {"success": True, "status": "unsubscribed", "scope": scope, "list": listed}
        )
    language = _language()
    with use_language(language):
        done = (
            _("You will get no more of our messages.")
            if everything
            else _("You will get no more messages of “{list}”.", list=found.list_id)
        )
        return _page(language, _("You are unsubscribed"), Markup("<p>{}</p>").format(done))


@router.post(
    "/unsubscribe.json",
    summary="Record an unsubscribe (JSON twin: form fields or a JSON object)",
    responses=_RESPONSES,
)
async def record_json(request: Request, service: ServiceDep) -> Response:
    return await record(request, service)
