"""Pages and their JSON twins: the same URL with `.json` (or `Accept: application/json`) gives
the data the page shows."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from journeymap.web.labels import labels
from journeymap.web.notifications import unread_count
from journeymap.web.visit import CSRF_FIELD, CSRF_HEADER, state_of, visit_of


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("journeymap.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(request: Request, template: str, **context: Any) -> str:
    visit = visit_of(request)
    return (
        environment()
        .get_template(template)
        .render(
            t=labels(),
            user=visit.user,
            unread=unread_count(state_of(request).root, visit.user.name) if visit.user else 0,
            lang=visit.language,
            csrf=visit.csrf,
            csrf_field=CSRF_FIELD,
            csrf_header=CSRF_HEADER,
            path=request.url.path,
            **context,
        )
    )


def page(
    request: Request,
    template: str,
    data: dict[str, Any],
    *,
    status: int = 200,
    **context: Any,
) -> Response:
    """The page, or its JSON twin `data` when the request asks for JSON."""
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    return HTMLResponse(render(request, template, data=data, **context), status_code=status)
