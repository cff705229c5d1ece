"""Editing the items a map already has: touchpoints (with their bindings), solutions and
KPIs (with the measure builder). Each route is a small form checked and saved like every
editor change (`editor_routes._edit`), and linted as it is typed."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from journeymap.model import map_item_edits as items
from journeymap.web.editor_form_fields import form_bindings, kpi_measure
from journeymap.web.editor_routes import Change, _edit
from journeymap.web.forms import Form

router = APIRouter()


@router.post("/maps/{key}/touchpoints/{touchpoint}")
async def edit_touchpoint(request: Request, key: str, touchpoint: str) -> Response:
    def change(form: Form) -> Change:
        return lambda data: items.edit_touchpoint(
            data,
            touchpoint,
            name=form.text("name"),
            kind=form.text("kind"),
            channel=form.text("channel"),
            department=form.text("department"),
            owner=form.text("owner"),
            bindings=form_bindings(form),
        )

    return await _edit(request, key, change)


@router.post("/maps/{key}/touchpoints/{touchpoint}/delete")
async def delete_touchpoint(request: Request, key: str, touchpoint: str) -> Response:
    return await _edit(request, key, lambda f: lambda d: items.delete_touchpoint(d, touchpoint))


@router.post("/maps/{key}/stages/{stage}/barriers/{barrier}/solutions/{number}")
async def edit_solution(
    request: Request, key: str, stage: str, barrier: str, number: int
) -> Response:
    def change(form: Form) -> Change:
        return lambda data: items.edit_solution(
            data,
            stage,
            barrier,
            number,
            text=form.text("text"),
            owner=form.text("owner"),
            status=form.text("status"),
            effort=form.number("effort"),
            customer_value=form.number("customer_value"),
            business_value=form.number("business_value"),
        )

    return await _edit(request, key, change)


@router.post("/maps/{key}/stages/{stage}/barriers/{barrier}/solutions/{number}/delete")
async def delete_solution(
    request: Request, key: str, stage: str, barrier: str, number: int
) -> Response:
    return await _edit(
        request, key, lambda f: lambda d: items.delete_solution(d, stage, barrier, number)
    )


@router.post("/maps/{key}/stages/{stage}/kpis/{kpi}")
async def edit_kpi(request: Request, key: str, stage: str, kpi: str) -> Response:
    def change(form: Form) -> Change:
        return lambda data: items.edit_kpi(
            data,
            stage,
            kpi,
            name=form.text("name"),
            target=form.text("target"),
            measure=kpi_measure(form),
            direction=form.text("direction"),
            owner=form.text("owner"),
        )

    return await _edit(request, key, change)


@router.post("/maps/{key}/stages/{stage}/kpis/{kpi}/delete")
async def delete_kpi(request: Request, key: str, stage: str, kpi: str) -> Response:
    return await _edit(request, key, lambda f: lambda d: items.delete_kpi(d, stage, kpi))
