"""Request bodies read with a bound (gzip too: RudderStack's SDK compresses), parsed as JSON."""

from __future__ import annotations

import json
import zlib
from typing import Any

from fastapi import Request

from journeymap.api.errors import ApiError
from journeymap.i18n import gettext as _


async def read_json(request: Request, limit: int) -> Any:
    """The JSON body; 413 past `limit` bytes (after decompression), 400 when it is not JSON."""
    chunks: list[bytes] = []
    size = 0
    gzipped = request.headers.get("content-encoding", "").lower() == "gzip"
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    try:
        async for chunk in request.stream():
            data = inflater.decompress(chunk, limit + 1 - size) if inflater else chunk
            size += len(data)
            if size > limit or (inflater is not None and inflater.unconsumed_tail):
                message = _(
                    "the body may have at most {limit} bytes; send smaller batches", limit=limit
                )
                raise ApiError(413, "too_large", message)
            chunks.append(data)
    except zlib.error:
        message = _("the body is not valid gzip")
        raise ApiError(400, "bad_gzip", message, "Content-Encoding") from None
    try:
        return json.loads(b"".join(chunks))
    except (ValueError, UnicodeDecodeError) as exc:
        message = _("the body is not valid JSON: {error}", error=exc)
        raise ApiError(400, "invalid_json", message, "body") from None
