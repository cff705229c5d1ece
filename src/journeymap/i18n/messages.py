"""Translate messages: `gettext("{count} maps valid", count=n)` with named placeholders.

The English text is the message id. Placeholders are `str.format` names, so translators can move
them; values are inserted after translation. Module-level texts (rule messages, labels) are marked
with `N_` where they are defined and translated with `gettext` where they are shown.
"""

from __future__ import annotations

from typing import Any

from journeymap.i18n.catalog import translations
from journeymap.i18n.context import get_language


def gettext(message: str, /, **params: Any) -> str:
    """`message` in the current language, with `{name}` placeholders filled from `params`."""
    text = translations(get_language()).gettext(message)
    return text.format(**params) if params else text


_ = gettext


def ngettext(singular: str, plural: str, count: int, /, **params: Any) -> str:
    """The plural form for `count` in the current language (Russian has three), formatted with
    `params` (`count` is available as `{count}` unless given explicitly)."""
    text = translations(get_language()).ngettext(singular, plural, count)
    return text.format(**({"count": count} | params))


def pgettext(context: str, message: str, /, **params: Any) -> str:
    """Like `gettext` for a short word whose translation depends on where it is used."""
    text = translations(get_language()).pgettext(context, message)
    return text.format(**params) if params else text


def N_(message: str, /) -> str:  # noqa: N802 (the gettext convention extractors look for)
    """Mark `message` for the catalog without translating it now (for module-level texts)."""
    return message
