"""The current language: chosen (`--lang`), a default for a block (workspace, map), or the locale.

The language lives in context variables, so threads and asyncio tasks each keep their own and
a test or a request can switch it for a block without touching anyone else.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token

LANGUAGES: tuple[str, ...] = ("en", "ru")
"""Languages with a complete message catalog."""
DEFAULT_LANGUAGE = "en"

_chosen: ContextVar[str | None] = ContextVar("journeymap_language", default=None)
"""Set by `set_language` (the `--lang` option): wins over every default."""
_default: ContextVar[str | None] = ContextVar("journeymap_default_language", default=None)
"""Set by `default_language` (workspace, then map): used when nothing was chosen."""

# POSIX order: LC_ALL overrides LC_MESSAGES overrides LANG; GNU's LANGUAGE list comes first.
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def supported(language: str | None) -> str | None:
    """`language` as a supported two-letter code (`ru_RU.UTF-8` -> `ru`), or None."""
    if not language:
        return None
    code = language.strip().replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else None


def locale_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the user's locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English."""
    env = os.environ if environ is None else environ
    for name in _LOCALE_VARIABLES:
        value = env.get(name)
        if not value:
            continue
        if name == "LANGUAGE":  # a priority list such as "ru:en"
            for item in value.split(":"):
                if supported(item):
                    return supported(item) or DEFAULT_LANGUAGE
            continue
        # The first locale variable that is set decides, even when it is "C" or unsupported.
        return supported(value) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def resolve_language(*candidates: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The first supported candidate (in priority order: option, workspace, map), else the
    locale's language."""
    for candidate in candidates:
        found = supported(candidate)
        if found:
            return found
    return locale_language(environ)


def get_language() -> str:
    """The language messages are written in now."""
    return _chosen.get() or _default.get() or locale_language()


def chosen_language() -> str | None:
    """The language chosen for this run (`--lang`, `use_language`), or None: for outputs whose
    labels otherwise follow their map's `language` (the report) rather than the locale."""
    return _chosen.get()


def configured_language() -> str | None:
    """The language chosen for this run (`--lang`) or set as a default (the workspace's
    `language`), or None: for outputs that otherwise follow their map's `language` rather than
    the locale (the report, a rendered map)."""
    return _chosen.get() or _default.get()


def check_language(language: str) -> str:
    found = supported(language)
    if found is None or found != language.strip().lower():
        raise ValueError(f"unsupported language {language!r}; use one of: {', '.join(LANGUAGES)}")
    return found


def set_language(language: str | None) -> Token[str | None]:
    """Choose the language for the current context (what `--lang` does); None clears the choice.
    Returns a token for `reset_language`."""
    return _chosen.set(check_language(language) if language else None)


def reset_language(token: Token[str | None]) -> None:
    _chosen.reset(token)


@contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Choose `language` for a block (None: keep the current choice)."""
    if language is None:
        yield get_language()
        return
    token = set_language(language)
    try:
        yield get_language()
    finally:
        _chosen.reset(token)


@contextmanager
def default_language(language: str | None) -> Iterator[str]:
    """Use `language` for a block unless one was chosen (`--lang`) or an enclosing block set a
    default already: so a workspace's language wins over a map's, and `--lang` over both.
    Unsupported or empty values change nothing."""
    code = supported(language)
    if code is None or _default.get() is not None:
        yield get_language()
        return
    token = _default.set(code)
    try:
        yield get_language()
    finally:
        _default.reset(token)
