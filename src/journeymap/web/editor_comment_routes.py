"""Comments on the cells and items of a map (`model.map_comments`): any signed-in user adds
one (viewers too: commenting is how reviewers take part), its author or an editor resolves it
or opens it again. They are kept next to the map, so they need no version token. A new
comment's notices are saved before the answer; their e-mail copies go after it."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from journeymap.i18n import gettext as _
from journeymap.model.map_comments import (
    Comment,
    CommentError,
    add_comment,
    comment_targets,
    load_comments,
    resolve_comment,
)
from journeymap.model.map_edits import STAGE_LANES
from journeymap.service.accounts import User
from journeymap.web.comment_mail import mail_comment_later
from journeymap.web.editor_routes import _editor
from journeymap.web.map_owners import owner_names
from journeymap.web.maps_access import map_path
from journeymap.web.notifications import notify, recipients
from journeymap.web.rendering import is_htmx, wants_json
from journeymap.web.visit import mutation, state_of
from journeymap.web.workspace_store import PageJourney, load_journey

router = APIRouter()


@router.get("/maps/{key}/comments")
@router.get("/maps/{key}/comments.json")
def comments(request: Request, key: str, journey: PageJourney) -> Response:
    """The map's comments, oldest first, and the targets it offers to comment on."""
    path = map_path(request, key)
    try:
        found = load_comments(state_of(request).root, path)
    except CommentError as error:
        raise HTTPException(422, str(error)) from None
    targets = sorted(comment_targets(journey, STAGE_LANES))
    data = {"key": path.stem, "comments": [c.as_dict() for c in found], "targets": targets}
    return JSONResponse(data)


def _answer(request: Request, key: str, notice: str) -> Response:
    if is_htmx(request) or wants_json(request):
        return _editor(request, key, saved=notice)
    return RedirectResponse(f"/maps/{key}", status_code=303)


def _tell(
    request: Request, key: str, owner: str | None, comment: Comment, later: BackgroundTasks
) -> None:
    """Notices of `comment` for the map's owners and the thread's earlier authors: in the app
    now, and by e-mail (when the workspace can send mail) once the answer has gone."""
    state = state_of(request)
    path = map_path(request, key)
    thread = [c for c in load_comments(state.root, path) if c.target == comment.target]
    accounts = {u.name: u.email for u in state.accounts.all()}
    told = recipients(comment, thread, owner_names(owner, accounts), set(accounts))
    notify(state.root, told, path.stem, comment)
    if told:
        mail = (state.root, state.accounts, told, path.stem, comment)
        later.add_task(mail_comment_later, *mail, language=state.language)


def _add(
    request: Request, key: str, target: str, text: str, author: str, *, later: BackgroundTasks
) -> Response:
    path = map_path(request, key)
    journey = load_journey(path)
    known = comment_targets(journey, STAGE_LANES)
    try:
        comment = add_comment(state_of(request).root, path, target, text, author, known=known)
    except CommentError as error:
        return _editor(request, key, status=422, error=str(error))
    _tell(request, key, journey.owner, comment, later)
    return _answer(request, key, _("Comment added."))


@router.post("/maps/{key}/comments")
async def post_comment(request: Request, key: str, later: BackgroundTasks) -> Response:
    user, form = await mutation(request, edit=False)
    target, text = form.text("target"), form.text("text")
    return await run_in_threadpool(_add, request, key, target, text, user.name, later=later)


def _resolve(request: Request, key: str, comment: str, user: User, resolved: bool) -> Response:
    root, path = state_of(request).root, map_path(request, key)
    try:
        found = {c.id: c for c in load_comments(root, path)}.get(comment)
        if found is not None and found.author != user.name and not user.can_edit():
            raise HTTPException(403, _("only its author or an editor can resolve a comment"))
        resolve_comment(root, path, comment, user.name, resolved=resolved)
    except CommentError as error:
        return _editor(request, key, status=422, error=str(error))
    return _answer(request, key, _("Comment resolved.") if resolved else _("Comment reopened."))


@router.post("/maps/{key}/comments/{comment}/resolve")
@router.post("/maps/{key}/comments/{comment}/reopen")
async def resolve_or_reopen(request: Request, key: str, comment: str) -> Response:
    user, _form = await mutation(request, edit=False)
    resolved = request.url.path.endswith("/resolve")
    return await run_in_threadpool(_resolve, request, key, comment, user, resolved)
