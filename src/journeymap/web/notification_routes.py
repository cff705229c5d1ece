"""The signed-in user's notices of new comments (`web.notifications`): the list, marking them
read, and the address their e-mail copies go to."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from journeymap.service.accounts import AccountError
from journeymap.web.comment_mail import smtp_channel
from journeymap.web.editor_comments_view import comment_time
from journeymap.web.notifications import mark_read, notices
from journeymap.web.rendering import page, wants_json
from journeymap.web.visit import mutation, signed_in, state_of, visit_of

router = APIRouter()


@router.get("/notifications")
@router.get("/notifications.json")
def notification_list(request: Request) -> Response:
    user = signed_in(request)
    root = state_of(request).root
    found = notices(root, user.name)
    data = {
        "notifications": [n.as_dict() for n in found],
        "unread": sum(not n.read for n in found),
        "email": user.email,
        "mail_enabled": smtp_channel(root) is not None,
    }
    language = visit_of(request).language
    return page(
        request,
        "notifications.html.j2",
        data,
        notices=found,
        comment_time=lambda stamp: comment_time(stamp, language),
    )


def _back(request: Request, changed: int) -> Response:
    if wants_json(request):
        return JSONResponse({"changed": changed})
    return RedirectResponse("/notifications", status_code=303)


@router.post("/notifications/read")
async def read_all(request: Request) -> Response:
    user, _form = await mutation(request, edit=False)
    changed = await run_in_threadpool(mark_read, state_of(request).root, user.name)
    return _back(request, changed)


@router.post("/notifications/{notice}/read")
async def read_one(request: Request, notice: str) -> Response:
    user, _form = await mutation(request, edit=False)
    changed = await run_in_threadpool(mark_read, state_of(request).root, user.name, notice)
    return _back(request, changed)


@router.post("/notifications/email")
async def set_email(request: Request) -> Response:
    user, form = await mutation(request, edit=False)
    try:
        await run_in_threadpool(state_of(request).accounts.set_email, user.name, form.text("email"))
    except AccountError as error:
        raise HTTPException(422, str(error)) from None
    return _back(request, 1)
