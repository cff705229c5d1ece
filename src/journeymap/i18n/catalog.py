"""The message catalogs, compiled from the `.po` sources when first needed.

The `.po` files under `locale/` are the only form kept in the repository and the package: they
are compiled in memory with Babel on first use (about 50 ms), so no build step can be forgotten
and a stale `.mo` can never disagree with its source.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import io
from functools import cache
from importlib.resources import files

DOMAIN = "journeymap"


def po_source(language: str) -> str:
    """The text of a language's `.po` catalog (package data)."""
    resource = files("journeymap.i18n") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    return resource.read_text(encoding="utf-8")


@cache
def translations(language: str) -> stdlib_gettext.NullTranslations:
    """Compiled translations for `language`; English text passes through unchanged."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    try:
        source = po_source(language)
    except FileNotFoundError:
        return stdlib_gettext.NullTranslations()
    catalog = read_po(io.StringIO(source), locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return stdlib_gettext.GNUTranslations(buffer)
