"""Export a map, or a view of it, through the renderers of `journeymap render`."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from journeymap.i18n import gettext as _
from journeymap.model import MapError, load_document
from journeymap.web.map_views import filtered, view_from
from journeymap.web.maps_access import map_path
from journeymap.web.visit import signed_in, visit_of

EXPORTS: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
}
"""The export buttons of the editor, by format, with the media type of the answer."""

router = APIRouter()


@router.get("/maps/{key}/export.{fmt}")
async def export(request: Request, key: str, fmt: str) -> Response:
    signed_in(request)
    if fmt not in EXPORTS:
        raise HTTPException(404, _("no export as '{format}'", format=fmt))
    path = map_path(request, key)
    try:
        journey = load_document(path).model
    except MapError as error:
        raise HTTPException(422, str(error)) from None
    view = view_from(request.query_params, journey)
    from journeymap.render.formats import render  # the renderers load Chromium, xlsx, ...

    body = await run_in_threadpool(
        render, filtered(journey, view), fmt, language=visit_of(request).language
    )
    name = f"{path.stem}.{fmt}"
    return Response(
        body,
        media_type=EXPORTS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
