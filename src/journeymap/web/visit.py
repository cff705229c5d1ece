"""Who is asking: the session, the signed-in user, the CSRF token and the UI language.

The UI language is the first of: the signed-in user's choice (the switch in the header), the
workspace's `language` (journeymap.toml, read once when the app starts), the browser's
`Accept-Language`, the map's own `language:` on a page about one map, English (docs/web.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import HTTPException, Request

from journeymap.i18n import LANGUAGES, set_language, supported
from journeymap.i18n import gettext as _
from journeymap.model.map_language import declared_language
from journeymap.model.problems import MapError
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
    language: str | None = None
    """The workspace's `language`, read when the app starts (no file read per request)."""

    @classmethod
    def of(cls, root: Path, *, secure_cookies: bool = False) -> WebState:
        accounts = Accounts(root)
        return cls(root, accounts, accounts.secret(), secure_cookies, configured_language(root))

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
    open_to_map: bool = False
    """Neither the user, the workspace nor the browser named a language: a page about one map
    speaks the map's `language:` (`follow_map_language`)."""


def configured_language(root: Path) -> str | None:
    """The `language` of the workspace at `root`, or None (unset, or a journeymap.toml that
    does not load: `journeymap web` reports that before the app starts)."""
    try:
        return load_workspace(root).config.language
    except (MapError, OSError):
        return None


def browser_choice(header: str | None) -> str | None:
    """The first supported language of an Accept-Language header, or None."""
    for part in (header or "").split(","):
        code = supported(part.split(";")[0].strip())
        if code:
            return code
    return None


def start_visit(request: Request, state: WebState) -> Visit:
    session = sessions.decode(request.cookies.get(sessions.COOKIE), state.secret)
    fresh = session is None
    if session is None:
        session = sessions.Session.new()
    user = state.accounts.get(session.user) if session.user else None
    if user is not None and session.issued < user.signed_out_at:
        session, user, fresh = sessions.Session.new(), None, True  # signed out since
    chosen = (
        (user.language if user else None)
        or state.language
        or browser_choice(request.headers.get("accept-language"))
    )
    csrf = sessions.csrf_token(session, state.secret)
    return Visit(session, user, csrf, chosen or LANGUAGES[0], fresh, open_to_map=chosen is None)


def follow_map_language(request: Request, path: Path) -> None:
    """On a page about the map at `path`, speak the map's declared `language:` when nothing
    else chose (the browser's header named no supported language): the file is read then only,
    once per request."""
    visit = visit_of(request)
    if not visit.open_to_map:
        return
    visit.open_to_map = False
    try:
        declared = supported(declared_language(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return
    if declared is not None:
        visit.language = declared
        set_language(declared)  # for the rest of this request only (its own context)


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
