"""Editing the items a map already has: touchpoints (with their bindings), solutions and
KPIs (with the measure builder). Each route is a small form checked and saved like every
editor change (`editor_routes.edit_map`), and linted as it is typed."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from journeymap.model import map_item_edits as items
from journeymap.web.editor_draft_answer import Change
from journeymap.web.editor_form_fields import form_bindings, kpi_measure
from journeymap.web.editor_routes import edit_map
from journeymap.web.forms import Form

router = APIRouter()
SOLUTION_NUMBERS = ("effort", "customer_value", "business_value")


@router.post("/maps/{key}/touchpoints/{touchpoint}")
async def edit_touchpoint(request: Request, key: str, touchpoint: str) -> Response:
    def change(form: Form) -> Change:
        return lambda data: items.edit_touchpoint(
            data,
            touchpoint,
            **form.fields("name", "kind", "channel", "department", "owner"),
            bindings=form_bindings(form),
        )

    return await edit_map(request, key, change)


@router.post("/maps/{key}/touchpoints/{touchpoint}/delete")
async def delete_touchpoint(request: Request, key: str, touchpoint: str) -> Response:
    return await edit_map(request, key, lambda f: lambda d: items.delete_touchpoint(d, touchpoint))


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
            **form.fields("text", "owner", "status", numbers=SOLUTION_NUMBERS),
        )

    return await edit_map(request, key, change)


@router.post("/maps/{key}/stages/{stage}/barriers/{barrier}/solutions/{number}/delete")
async def delete_solution(
    request: Request, key: str, stage: str, barrier: str, number: int
) -> Response:
    return await edit_map(
        request, key, lambda f: lambda d: items.delete_solution(d, stage, barrier, number)
    )


@router.post("/maps/{key}/stages/{stage}/kpis/{kpi}")
async def edit_kpi(request: Request, key: str, stage: str, kpi: str) -> Response:
    def change(form: Form) -> Change:
        return lambda data: items.edit_kpi(
            data,
            stage,
            kpi,
            **form.fields("name", "target", "direction", "owner"),
            measure=kpi_measure(form),
        )

    return await edit_map(request, key, change)


@router.post("/maps/{key}/stages/{stage}/kpis/{kpi}/delete")
async def delete_kpi(request: Request, key: str, stage: str, kpi: str) -> Response:
    return await edit_map(request, key, lambda f: lambda d: items.delete_kpi(d, stage, kpi))
