"""Collection: the Segment HTTP tracking API (`/v1/track` ... `/v1/batch`, `/v1/b`).

A 200 is sent only after the events are fsynced in the spool."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from journeymap.api.auth import authorize, key_from_header
from journeymap.api.body import read_json
from journeymap.api.deps import ServiceDep
from journeymap.api.errors import ApiError
from journeymap.i18n import gettext as _
from journeymap.service.collect import MAX_BATCH_BYTES, MAX_EVENT_BYTES, TYPES, prepare_batch

router = APIRouter(prefix="/v1", tags=["collect"])

_EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "userId": {"type": "string"},
        "anonymousId": {"type": "string"},
        "messageId": {"type": "string"},
        "event": {"type": "string"},
        "properties": {"type": "object"},
        "traits": {"type": "object"},
        "context": {"type": "object"},
        "timestamp": {"type": "string", "description": "ISO 8601 (unparsable: quarantined)"},
    },
    "example": {"userId": "u1", "event": "Product Viewed", "properties": {"sku": "A1"}},
}
_BATCH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["batch"],
    "properties": {
        "batch": {"type": "array", "items": {**_EVENT_SCHEMA, "required": ["type"]}},
        "context": {"type": "object"},
        "writeKey": {"type": "string"},
    },
    "example": {"batch": [{"type": "track", "userId": "u1", "event": "Signed Up"}]},
}
_OK = {
    200: {
        "description": "Accepted and durable",
        "content": {"application/json": {"example": {"success": True}}},
    },
    400: {"description": "Bad request: `field` names what to fix"},
    401: {"description": "No key or an unknown key"},
    403: {"description": "Not a write key"},
    413: {"description": "Event over 32 KB or batch over 500 KB"},
}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


async def _accept(
    request: Request, service: ServiceDep, events: list[Any], body: dict[str, Any], single: bool
) -> dict[str, Any]:
    body_key = body.get("writeKey") if isinstance(body.get("writeKey"), str) else None
    authorize(service.keys, service.limiter, key_from_header(request) or body_key, ("write",))
    defaults = {k: body[k] for k in ("context", "integrations") if isinstance(body.get(k), dict)}
    prepared = prepare_batch(
        events,
        received_at=_now(),
        store_ip=service.settings.serve.store_ip,
        defaults=defaults,
        where="body" if single else "batch",
    )
    if single and prepared.quarantined:
        problem = prepared.quarantined[0]
        status = 413 if problem.code == "event_too_large" else 400
        field = problem.field.replace("body[0]", "body", 1)
        raise ApiError(status, "invalid_event", problem.text(), field, problem=problem.code)
    await run_in_threadpool(service.spool.append, prepared.lines)
    service.metrics.count_events(prepared.accepted, len(prepared.quarantined), len(prepared.lines))
    response: dict[str, Any] = {"success": True}
    if not single:
        response["accepted"] = prepared.accepted
        response["quarantined"] = len(prepared.quarantined)
        if prepared.quarantined:
            response["problems"] = [
                {"field": p.field, "code": p.code, "message": p.text()}
                for p in prepared.quarantined[:20]
            ]
    return response


def _single(kind: str) -> None:
    async def collect(request: Request, service: ServiceDep) -> dict[str, Any]:
        body = await read_json(request, MAX_EVENT_BYTES)
        if not isinstance(body, dict):
            message = _("the body must be a JSON object")
            raise ApiError(400, "invalid_event", message, "body", problem="not_an_object")
        body = {**body, "type": kind}
        return await _accept(request, service, [body], body, single=True)

    router.add_api_route(
        f"/{kind}",
        collect,
        methods=["POST"],
        name=f"collect_{kind}",
        summary=f"Collect one {kind} call",
        responses=_OK,  # type: ignore[arg-type]
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _EVENT_SCHEMA}},
            }
        },
    )


for _kind in TYPES:
    _single(_kind)


async def _batch(request: Request, service: ServiceDep) -> dict[str, Any]:
    body = await read_json(request, MAX_BATCH_BYTES)
    if not isinstance(body, dict) or not isinstance(body.get("batch"), list):
        message = _("send a JSON object whose `batch` is the list of events")
        raise ApiError(400, "invalid_batch", message, "batch")
    return await _accept(request, service, body["batch"], body, single=False)


for _path in ("/batch", "/b"):
    router.add_api_route(
        _path,
        _batch,
        methods=["POST"],
        name=f"collect_batch{_path.replace('/', '_')}",
        summary="Collect a batch of calls (Segment and RudderStack SDKs post here)",
        responses=_OK,  # type: ignore[arg-type]
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _BATCH_SCHEMA}},
            }
        },
    )
