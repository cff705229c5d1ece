"""Users of the workspace, for admins: the list and a form to add one or change a role."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from journeymap.i18n import gettext as _
from journeymap.service.accounts import ROLES, AccountError, User
from journeymap.web.rendering import page, wants_json
from journeymap.web.visit import mutation, signed_in, state_of

router = APIRouter()


def _admin(user: User) -> None:
    if user.role != "admin":
        raise HTTPException(403, _("managing users needs the admin role"))


@router.get("/admin/users")
@router.get("/admin/users.json")
def users(request: Request) -> Response:
    _admin(signed_in(request))
    found = state_of(request).accounts.all()
    data = {"users": [u.public() for u in found], "roles": list(ROLES)}
    return page(request, "users.html.j2", data, users=found, roles=ROLES)


@router.post("/admin/users")
async def add_user(request: Request) -> Response:
    user, form = await mutation(request)
    _admin(user)
    accounts = state_of(request).accounts
    try:
        added = await run_in_threadpool(
            accounts.add, form.text("name"), form.text("role"), form.text("password")
        )
    except AccountError as error:
        raise HTTPException(422, str(error)) from None
    if wants_json(request):
        return JSONResponse(added.public(), status_code=201)
    return RedirectResponse("/admin/users", status_code=303)
