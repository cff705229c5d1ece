"""The language of a response: `?lang=`, else the best supported `Accept-Language`, else the
workspace's `language`, else the map's `language:` (on a route about one map), else English.

An API client sends `Accept-Language` on purpose (a browser sends it for every page: the web
app puts the workspace first, docs/web.md), so the request's own words come before the
workspace's. The server's locale is never consulted: it says nothing of the client.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Query

from journeymap.i18n import DEFAULT_LANGUAGE, LANGUAGES, reset_language, set_language, supported

_open_to_map: ContextVar[bool] = ContextVar("journeymap_api_open_to_map", default=False)
"""Nothing chose the request's language (no `?lang=`, no `Accept-Language`, no workspace
`language`): a route about one map speaks the map's."""


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


@contextmanager
def response_language(chosen: str | None, workspace: str | None) -> Iterator[str]:
    """Speak `chosen` (the request's language), else `workspace`, else English for a block
    (a request); with neither, `follow_map_language` may switch to a map's language."""
    language = chosen or supported(workspace) or DEFAULT_LANGUAGE
    token = set_language(language)
    opened = _open_to_map.set(chosen is None and supported(workspace) is None)
    try:
        yield language
    finally:
        _open_to_map.reset(opened)
        reset_language(token)


def follow_map_language(path: Path) -> None:
    """Speak the `language:` of the map at `path` for the rest of the request when nothing else
    chose (the file is read then only; a map that does not load still names its language)."""
    if not _open_to_map.get():
        return
    _open_to_map.set(False)
    from journeymap.model.map_language import declared_language

    try:
        declared = supported(declared_language(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return
    if declared is not None:
        set_language(declared)


async def language_query(
    lang: Annotated[
        Literal["en", "ru"] | None,
        Query(
            description="Language of messages; default: the Accept-Language header, else the "
            "workspace's language, else the map's, else English."
        ),
    ] = None,
) -> None:
    """Documents `?lang=` in the OpenAPI of the read routes (the middleware applies it)."""
