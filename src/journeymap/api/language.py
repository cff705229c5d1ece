"""The language of a response: `?lang=`, else the first supported `Accept-Language`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query

from journeymap.i18n import LANGUAGES, supported


def accepted_language(header: str | None) -> str | None:
    """The best supported language of an `Accept-Language` header (RFC 9110 q-values)."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        code = supported(tag.strip())
        if code is not None and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else None


def request_language(query: str | None, header: str | None) -> str | None:
    """The chosen language, or None (the map's or workspace's default applies).
    Raises ValueError for a `?lang=` that is not one of LANGUAGES."""
    if query is not None:
        if query not in LANGUAGES:
            raise ValueError(query)
        return query
    return accepted_language(header)


async def language_query(
    lang: Annotated[
        Literal["en", "ru"] | None,
        Query(description="Language of messages; default: the Accept-Language header."),
    ] = None,
) -> None:
    """Documents `?lang=` in the OpenAPI of the read routes (the middleware applies it)."""
