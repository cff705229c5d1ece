"""The language a map file declares, read from its text without parsing it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from journeymap.i18n import supported

_DECLARED_LANGUAGE = re.compile(r"^language:\s*[\"']?([A-Za-z]{2})\b", re.MULTILINE)


def declared_language(text: str) -> str | None:
    """The top-level `language:` of a map's text, read without parsing it, so that even a map
    that does not load is reported in its own language."""
    match = _DECLARED_LANGUAGE.search(text)
    return match.group(1).lower() if match else None


def agreed_language(
    paths: Iterable[str | Path], workspace_language: Callable[[Path], str | None]
) -> str | None:
    """The one language a set of map files agree on, each by `workspace_language` of its
    folder, else its own declared `language:`; None when they disagree or say nothing."""
    found: set[str | None] = set()
    for raw in paths:
        path = Path(raw)
        language = workspace_language(path.resolve().parent)
        if language is None:
            try:
                language = declared_language(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                language = None
        found.add(supported(language))
    return found.pop() if len(found) == 1 else None
