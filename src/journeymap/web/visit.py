"""Who is asking: the session, the signed-in user, the CSRF token and the UI language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import HTTPException, Request

from journeymap.i18n import LANGUAGES, supported
from journeymap.i18n import gettext as _
from journeymap.model.workspace import Workspace, load_workspace
from journeymap.service.accounts import Accounts, User
from journeymap.web import sessions
from journeymap.web.forms import Form, read_form

CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"


@dataclass
class WebState:
    """What every request of one app shares: the workspace, its users and the signing key."""

    root: Path
    accounts: Accounts
    secret: bytes
    secure_cookies: bool

    @classmethod
    def of(cls, root: Path, *, secure_cookies: bool = False) -> WebState:
        accounts = Accounts(root)
        return cls(root, accounts, accounts.secret(), secure_cookies)

    def workspace(self) -> Workspace:
        return load_workspace(self.root)


@dataclass
class Visit:
    session: sessions.Session
    user: User | None
    csrf: str
    language: str
    fresh: bool
    """The session is new: the response sets its cookie."""


def browser_language(header: str | None) -> str:
    """The first supported language of an Accept-Language header, else English."""
    for part in (header or "").split(","):
        code = supported(part.split(";")[0].strip())
        if code:
            return code
    return LANGUAGES[0]


def start_visit(request: Request, state: WebState) -> Visit:
    session = sessions.decode(request.cookies.get(sessions.COOKIE), state.secret)
    fresh = session is None
    if session is None:
        session = sessions.Session.new()
    user = state.accounts.get(session.user) if session.user else None
    if user is not None and session.issued < user.signed_out_at:
        session, user, fresh = sessions.Session.new(), None, True  # signed out since
    language = (user.language if user else None) or browser_language(
        request.headers.get("accept-language")
    )
    return Visit(session, user, sessions.csrf_token(session, state.secret), language, fresh)


def visit_of(request: Request) -> Visit:
    visit = request.state.visit
    assert isinstance(visit, Visit)
    return visit


def state_of(request: Request) -> WebState:
    state = request.app.state.web
    assert isinstance(state, WebState)
    return state


def signed_in(request: Request) -> User:
    """The user of a page that needs one (401 otherwise; HTML pages redirect to sign-in)."""
    user = visit_of(request).user
    if user is None:
        raise HTTPException(401, _("sign in first"))
    return user


async def mutation(request: Request, *, edit: bool = True) -> tuple[User, Form]:
    """A request that changes something: a signed-in user, a valid CSRF token (form field or
    header) and, when `edit`, the editor or admin role. Refused with 401/403 otherwise."""
    visit = visit_of(request)
    form = await read_form(request)
    token = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    if not sessions.csrf_ok(visit.session, state_of(request).secret, token):
        raise HTTPException(403, _("missing or invalid CSRF token: reload the page"))
    if visit.user is None:
        raise HTTPException(401, _("sign in first"))
    if edit and not visit.user.can_edit():
        raise HTTPException(403, _("editing needs the editor role"))
    return visit.user, form
