"""Update the map from data in the app: a preview of what `journeymap report --update-map`
would write, field by field, then applying it (editors), checked twice: the map must still be
the version previewed (the editor's version token) and the numbers must still be the ones
previewed (`UpdatePreview.digest`); otherwise nothing is written and the page says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams

from journeymap.i18n import gettext as _
from journeymap.model import MapError, parse_map
from journeymap.model.map_history import EditConflictError, save_text, version_token
from journeymap.report.update_map import SimulatedDataError
from journeymap.report.update_preview import UpdatePreview, preview_update
from journeymap.web.maps_access import map_path, strip_json
from journeymap.web.rendering import page, wants_json
from journeymap.web.report_routes import measured_report
from journeymap.web.report_scope import ReportScope
from journeymap.web.visit import mutation, signed_in, state_of, visit_of

router = APIRouter()


def _preview(
    request: Request, path: Path, scope: ReportScope, *, allow_simulated: bool, reviewed: bool
) -> tuple[str, UpdatePreview | None]:
    """The map's text now and the preview of updating it from the scope's numbers (None when
    the data is simulated and that was not allowed)."""
    text = path.read_text(encoding="utf-8")
    try:
        journey = parse_map(text, filename=str(path)).model
    except MapError as error:
        raise HTTPException(422, str(error)) from None
    data = measured_report(request, journey, scope)
    try:
        preview = preview_update(
            text,
            data,
            filename=str(path),
            allow_simulated=allow_simulated,
            reviewed=reviewed,
            lang=visit_of(request).language,
        )
    except SimulatedDataError:
        return text, None
    return text, preview


def _answer(
    request: Request,
    key: str,
    scope: ReportScope,
    text: str,
    preview: UpdatePreview | None,
    *,
    allow_simulated: bool,
    status: int = 200,
    **notice: str,
) -> Response:
    data: dict[str, Any] = {
        "key": key,
        "scope": scope.query_string(),
        "token": version_token(text),
        "allow_simulated": allow_simulated,
        "simulated_refused": preview is None and not notice.get("conflict"),
        "preview": preview.as_dict() if preview else None,
        "notice": notice,
    }
    simulated = QueryParams(f"{scope.query_string()}&allow_simulated=1".lstrip("&"))
    return page(
        request,
        "update.html.j2",
        data,
        status=status,
        key=key,
        scope=scope,
        preview=preview,
        refused=data["simulated_refused"],
        notice=notice,
        simulated_query=str(simulated),
    )


@router.get("/maps/{key}/update")
@router.get("/maps/{key}/update.json")
def preview(request: Request, key: str) -> Response:
    if not signed_in(request).can_edit():
        raise HTTPException(403, _("updating the map from data is for editors"))
    path = map_path(request, strip_json(key))
    scope = ReportScope.of(request.query_params)
    allow = request.query_params.get("allow_simulated") == "1"
    text, found = _preview(request, path, scope, allow_simulated=allow, reviewed=False)
    return _answer(request, path.stem, scope, text, found, allow_simulated=allow)


@router.post("/maps/{key}/update")
async def apply(request: Request, key: str) -> Response:
    user, form = await mutation(request)
    path = map_path(request, key)
    scope = ReportScope.of(QueryParams(form.text("scope")))
    allow = form.text("allow_simulated") == "1"
    token = form.text("token")
    current = path.read_text(encoding="utf-8")
    if version_token(current) != token:  # before measuring anything: the page is stale
        conflict = _("this map was changed by someone else since you opened it; reload to see it")
        return _answer(
            request, path.stem, scope, current, None, allow_simulated=allow, status=409,
            conflict=conflict,
        )  # fmt: skip
    text, found = await run_in_threadpool(
        _preview, request, path, scope, allow_simulated=allow, reviewed=bool(form.text("reviewed"))
    )

    def again(status: int, **notice: str) -> Response:
        return _answer(
            request, path.stem, scope, text, found, allow_simulated=allow, status=status, **notice
        )

    if found is None:
        return again(422, error=_("the events are simulated: their numbers are not measurements"))
    if found.digest != form.text("digest"):
        return again(409, conflict=_("the numbers changed since the preview; check them again"))
    try:
        await run_in_threadpool(
            save_text, state_of(request).root, path, token, found.text, user.name
        )
    except EditConflictError as conflict:
        return again(409, conflict=str(conflict))
    except MapError as error:
        return again(422, error=str(error))
    if wants_json(request):
        return JSONResponse({"saved": True, "preview": found.as_dict()})
    return RedirectResponse(f"/maps/{path.stem}/history", status_code=303)
