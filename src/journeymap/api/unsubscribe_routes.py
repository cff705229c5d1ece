"""The unsubscribe link of every message: `GET /unsubscribe?token=...` shows a confirmation
page (English or Russian: `?lang=`, else `Accept-Language`), `POST` records the unsubscribe
(the page's buttons, or a mail client's one-click `List-Unsubscribe=One-Click`, RFC 8058).

No key: the signed token is the authorization (`orchestrate.unsubscribe`); a token that does
not verify gets 400 and nothing is recorded. The unsubscribe is an `Unsubscribed` event written
to the spool like collected events; the loader stores it and the runner suppresses the person,
so no later message of the list (or, with `scope=all`, no marketing message) reaches her.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from journeymap.api.deps import ServiceDep
from journeymap.api.language import accepted_language
from journeymap.i18n import LANGUAGES, use_language
from journeymap.i18n import gettext as _
from journeymap.orchestrate.load import read_settings
from journeymap.orchestrate.unsubscribe import UnsubscribeToken, read_token, unsubscribe_event
from journeymap.service.collect import prepare_batch

router = APIRouter(tags=["automations"])
ONE_CLICK = "One-Click"


def _language(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return str(asked)
    return accepted_language(request.headers.get("accept-language")) or "en"


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


_PAGES = {
    200: {"description": "An HTML page", "content": {"text/html": {}}},
    400: {"description": "The token does not verify (HTML page)", "content": {"text/html": {}}},
}


@router.get(
    "/unsubscribe",
    summary="Confirm an unsubscribe (HTML page)",
    response_class=HTMLResponse,
    responses=_PAGES,  # type: ignore[arg-type]
)
def confirm(request: Request, service: ServiceDep, token: str = "") -> HTMLResponse:
    language = _language(request)
    found = _token(service, token)
    if found is None:
        return _refused(language)
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


@router.post(
    "/unsubscribe",
    summary="Record an unsubscribe (form or RFC 8058 one-click)",
    response_class=HTMLResponse,
    responses=_PAGES,  # type: ignore[arg-type]
)
async def record(request: Request, service: ServiceDep) -> HTMLResponse:
    language = _language(request)
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    token = request.query_params.get("token") or next(iter(form.get("token", [])), "")
    found = _token(service, token)
    if found is None:
        return _refused(language)
    one_click = ONE_CLICK in form.get("List-Unsubscribe", [])
    everything = not one_click and next(iter(form.get("scope", [])), "list") == "all"
    event = unsubscribe_event(found, everything=everything, at=datetime.now(UTC))
    now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    prepared = prepare_batch([event], received_at=now, store_ip=False, defaults={}, where="body")
    await run_in_threadpool(service.spool.append, prepared.lines)
    with use_language(language):
        done = (
            _("You will get no more of our messages.")
            if everything
            else _("You will get no more messages of “{list}”.", list=found.list_id)
        )
        return _page(language, _("You are unsubscribed"), Markup("<p>{}</p>").format(done))
