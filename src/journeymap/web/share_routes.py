"""Share links in the app: editors make and revoke them on a map's page; anyone with a link
sees that one map page or report, read-only, until it expires or is revoked."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import QueryParams

from journeymap.i18n import gettext as _
from journeymap.model import MapError, load_document
from journeymap.render.html_page import render_html
from journeymap.web.map_views import filtered, view_from
from journeymap.web.maps_access import map_path, strip_json
from journeymap.web.rendering import page, render, wants_json
from journeymap.web.report_routes import map_report
from journeymap.web.report_scope import ReportScope
from journeymap.web.share_links import DEFAULT_DAYS, ShareError, ShareLink, ShareLinks
from journeymap.web.visit import mutation, signed_in, state_of, visit_of

router = APIRouter()


def _links(request: Request) -> ShareLinks:
    state = state_of(request)
    return ShareLinks(state.root, state.secret)


def _when(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M UTC")


def share_rows(request: Request, key: str) -> list[dict[str, Any]]:
    """The map's links as the page lists them (for editors only: a link is a key to the map)."""
    user = visit_of(request).user
    if user is None or not user.can_edit():
        return []
    base = str(request.base_url).rstrip("/")
    rows = []
    for link in _links(request).of_map(key):
        row = link.public()
        rows.append(row | {"full_url": base + link.path(), "expires_text": _when(link.expires)})
    return rows


@router.get("/maps/{key}/shares")
@router.get("/maps/{key}/shares.json")
def shares(request: Request, key: str) -> Response:
    if not signed_in(request).can_edit():
        raise HTTPException(403, _("share links are for editors"))
    path = map_path(request, strip_json(key))
    rows = share_rows(request, path.stem)
    data = {"key": path.stem, "links": rows}
    return page(request, "shares.html.j2", data, key=path.stem, shares=rows, days=DEFAULT_DAYS)


@router.post("/maps/{key}/shares")
async def create(request: Request, key: str) -> Response:
    user, form = await mutation(request)
    path = map_path(request, key)
    days = form.number("days")
    if days is None and form.text("days").strip():
        raise HTTPException(422, _("{value} is not a whole number of days", value=form["days"]))
    kind = form.text("kind") or "map"
    try:
        link = _links(request).create(
            path.stem,
            kind,
            DEFAULT_DAYS if days is None else days,
            user.name,
            view=shared_view(path, kind, form.text("view")),
        )
    except ShareError as error:
        raise HTTPException(422, str(error)) from None
    if wants_json(request):
        return JSONResponse(link.public(), status_code=201)
    return RedirectResponse(f"/maps/{path.stem}#shares", status_code=303)


@router.post("/maps/{key}/shares/{link_id}/revoke")
async def revoke(request: Request, key: str, link_id: str) -> Response:
    user, _form = await mutation(request)
    path = map_path(request, key)
    link = _links(request).revoke(link_id, user.name, path.stem)
    if link is None:
        raise HTTPException(404, _("this map has no share link '{id}'", id=link_id))
    if wants_json(request):
        return JSONResponse(link.public())
    return RedirectResponse(f"/maps/{path.stem}#shares", status_code=303)


def shared_view(path: Path, kind: str, view: str) -> str:
    """The view a new link carries, in its canonical spelling: a map's persona, department and
    lanes (`map_views`), a report's segment and days (`report_scope`); 422 for a report scope
    that cannot be read, so no link is made that would only show an error."""
    params = QueryParams(view)
    if kind == "report":
        scope = ReportScope.of(params)
        try:
            scope.checked()
        except ValueError as error:
            raise HTTPException(422, str(error)) from None
        return scope.query_string()
    if kind != "map" or not view:
        return ""  # an unknown kind is refused by `ShareLinks.create`
    try:
        journey = load_document(path).model
    except MapError as error:
        raise HTTPException(422, str(error)) from None
    return view_from(params, journey).query


def _refused(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    body = render(request, "share_refused.html.j2", message=message)
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def _open(request: Request, token: str, key: str, kind: str) -> ShareLink | Response:
    """The link of the URL, or the page saying why it does not work."""
    links = _links(request)
    link_id, _dot, signature = token.partition(".")
    link = links.get(link_id)
    if link is None:
        return _refused(request, 404, _("There is no such share link."))
    if not links.signed(link, signature, key, kind, request.url.query):
        return _refused(request, 403, _("This share link is not valid: it was changed."))
    if link.revoked_at is not None:
        return _refused(request, 410, _("This share link was revoked."))
    if link.expired():
        message = _("This share link expired on {date}.", date=_when(link.expires))
        return _refused(request, 410, message)
    return link


def _shared_path(request: Request, key: str) -> Any:
    try:
        return map_path(request, key)
    except HTTPException:
        return None


@router.get("/share/{token}/{key}")
def shared_map(request: Request, token: str, key: str) -> Response:
    link = _open(request, token, key, "map")
    if isinstance(link, Response):
        return link
    path = _shared_path(request, key)
    if path is None:
        return _refused(request, 404, _("The shared map is no longer in the workspace."))
    try:
        journey = load_document(path).model
    except MapError as error:
        return _refused(request, 422, str(error))
    if link.view:
        journey = filtered(journey, view_from(QueryParams(link.view), journey))
    html = render_html(journey, language=visit_of(request).language)
    return HTMLResponse(html, headers=_SHARED_HEADERS)


@router.get("/share/{token}/{key}/report")
def shared_report(request: Request, token: str, key: str) -> Response:
    link = _open(request, token, key, "report")
    if isinstance(link, Response):
        return link
    path = _shared_path(request, key)
    if path is None:
        return _refused(request, 404, _("The shared map is no longer in the workspace."))
    try:
        scope = ReportScope.of(QueryParams(link.view))
        response = map_report(request, path, scope, controls=False)
    except HTTPException as error:  # the map no longer loads, or the store is busy
        return _refused(request, error.status_code, str(error.detail))
    response.headers.update(_SHARED_HEADERS)
    return response


_SHARED_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
