"""Administration with an admin key: privacy requests (run by the loader) and API keys."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from journeymap.api.deps import AdminKey, ServiceDep
from journeymap.api.errors import ApiError
from journeymap.service import requests
from journeymap.service.keys import KeyRingError

router = APIRouter(prefix="/v1", tags=["admin"])


class PersonRequest(BaseModel):
    person: str = Field(min_length=1, max_length=500, examples=["user-42"])
    """A person_id, user id or anonymous id."""


class NewKey(BaseModel):
    kind: Literal["write", "read", "admin"]
    name: str = Field(default="", max_length=200)


@router.post("/privacy/delete", status_code=202, summary="Delete a person from every table")
async def privacy_delete(body: PersonRequest, service: ServiceDep, _: AdminKey) -> dict[str, Any]:
    request_id = await run_in_threadpool(
        requests.submit, service.settings.spool, "delete", body.person
    )
    return {
        "success": True,
        "request_id": request_id,
        "status": f"/v1/privacy/requests/{request_id}",
    }


@router.post("/privacy/export", status_code=202, summary="Export a person's data (JSON)")
async def privacy_export(body: PersonRequest, service: ServiceDep, _: AdminKey) -> dict[str, Any]:
    request_id = await run_in_threadpool(
        requests.submit, service.settings.spool, "export", body.person
    )
    return {
        "success": True,
        "request_id": request_id,
        "status": f"/v1/privacy/requests/{request_id}",
    }


@router.get("/privacy/requests/{request_id}", summary="A privacy request: pending or its result")
def privacy_status(request_id: str, service: ServiceDep, _: AdminKey) -> dict[str, Any]:
    found = requests.status(service.settings.spool, request_id)
    if found is None:
        raise ApiError(404, "unknown_request", "no privacy request with this id", "request_id")
    return found


@router.get("/keys", summary="API keys (never the keys themselves)")
def list_keys(service: ServiceDep, _: AdminKey) -> list[dict[str, Any]]:
    return [record.public() for record in service.keys.list()]


@router.post("/keys", status_code=201, summary="Create a key; the key text is shown only here")
def create_key(body: NewKey, service: ServiceDep, _: AdminKey) -> dict[str, Any]:
    record, key = service.keys.create(body.kind, body.name)
    return {**record.public(), "key": key}


@router.delete("/keys/{key_id}", summary="Revoke a key")
def revoke_key(key_id: str, service: ServiceDep, _: AdminKey) -> dict[str, Any]:
    try:
        return service.keys.revoke(key_id).public()
    except KeyRingError as exc:
        raise ApiError(404, "unknown_key", str(exc), "key_id") from None
