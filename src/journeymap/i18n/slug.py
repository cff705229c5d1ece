"""A Latin slug for a name or id written in another script: `Первая покупка` -> `pervaya-pokupka`.

Ids stay Latin because they travel into event data, URLs, file names and HTML anchors; a user who
writes a Cyrillic id gets this slug as the suggested fix. Transliteration is anyascii's (ISC,
every script, no data downloads).
"""

from __future__ import annotations

import re

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def suggest_slug(text: str, *, limit: int = 80) -> str:
    """A lower-case Latin slug of `text` (letters, digits and `-`), or `item` if none is left."""
    from anyascii import anyascii

    latin = anyascii(text).lower()
    slug = _NOT_SLUG.sub("-", latin).strip("-")[:limit].strip("-")
    return slug or "item"


def has_non_latin_letters(text: str) -> bool:
    """Whether `text` holds letters outside ASCII (Cyrillic ids, for example)."""
    return any(ch.isalpha() and not ch.isascii() for ch in text)
