"""Sign in, sign out and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from journeymap.i18n import LANGUAGES
from journeymap.i18n import gettext as _
from journeymap.web import sessions
from journeymap.web.forms import read_form
from journeymap.web.rendering import page, wants_json
from journeymap.web.visit import CSRF_FIELD, CSRF_HEADER, mutation, state_of, visit_of

router = APIRouter()


def _local(target: str) -> str:
    """Only paths of this site are followed after sign-in (no open redirect)."""
    local = target.startswith("/") and not target.startswith(("//", "/\\"))
    return target if local and "\\" not in target else "/maps"


@router.get("/")
async def home() -> Response:
    return RedirectResponse("/maps", status_code=303)


@router.get("/login")
@router.get("/login.json")
async def login_page(request: Request, next: str = "/maps") -> Response:
    data = {"csrf": visit_of(request).csrf, "languages": list(LANGUAGES)}
    return page(request, "login.html.j2", data, next=_local(next), failed=False)


@router.post("/login")
async def login(request: Request) -> Response:
    from journeymap.web.app import set_session_cookie

    visit = visit_of(request)
    state = state_of(request)
    form = await read_form(request)
    token = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    if not sessions.csrf_ok(visit.session, state.secret, token):
        raise HTTPException(403, _("missing or invalid CSRF token: reload the page"))
    user = state.accounts.authenticate(form.text("name"), form.text("password"))
    if user is None:
        data = {"error": _("Wrong user name or password.")}
        return page(request, "login.html.j2", data, status=401, next=_local(form.text("next")),
                    failed=True)  # fmt: skip
    response: Response = RedirectResponse(_local(form.text("next") or "/maps"), status_code=303)
    if wants_json(request):
        response = Response(status_code=204)
    set_session_cookie(response, sessions.Session.new(user.name), state)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    from journeymap.web.app import set_session_cookie

    user, _form = await mutation(request, edit=False)
    state_of(request).accounts.sign_out_everywhere(user.name)
    response = RedirectResponse("/login", status_code=303)
    set_session_cookie(response, sessions.Session.new(), state_of(request))
    return response


@router.post("/language")
async def language(request: Request) -> Response:
    user, form = await mutation(request, edit=False)
    chosen = form.text("language")
    if chosen not in LANGUAGES:
        raise HTTPException(400, _("unknown language"))
    state_of(request).accounts.set_language(user.name, chosen)
    return RedirectResponse(_local(form.text("next") or "/maps"), status_code=303)
