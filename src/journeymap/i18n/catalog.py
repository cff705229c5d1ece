"""The message catalogs, compiled from the `.po` sources when first needed.

The `.po` files under `locale/` are the only form kept in the repository and the package: they
are compiled in memory with Babel on first use (about 100 ms with Babel's import), so no build
step can be forgotten and a stale `.mo` can never disagree with its source. A catalog with no
translated text (English: the message id is the English text) is not compiled at all, so English
runs never import Babel's catalog code.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import io
import re
from functools import cache
from importlib.resources import files

DOMAIN = "journeymap"
# A translated text: `msgstr "x`, `msgstr[1] "x`, or `msgstr ""` continued on the next line.
_TRANSLATED = re.compile(r'^msgstr(?:\[\d+\])? (?:"[^"]|""\n"[^"])', re.MULTILINE)


def po_source(language: str) -> str:
    """The text of a language's `.po` catalog (package data)."""
    resource = files("journeymap.i18n") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    return resource.read_text(encoding="utf-8")


def has_translations(source: str) -> bool:
    """Whether a `.po` text translates anything (its header, up to the first blank line, aside)."""
    return _TRANSLATED.search(source, source.find("\n\n") + 1) is not None


@cache
def translations(language: str) -> stdlib_gettext.NullTranslations:
    """Compiled translations for `language`; English text passes through unchanged."""
    try:
        source = po_source(language)
    except FileNotFoundError:
        return stdlib_gettext.NullTranslations()
    if not has_translations(source):
        return stdlib_gettext.NullTranslations()  # ids pass through; English plural rule

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.StringIO(source), locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return stdlib_gettext.GNUTranslations(buffer)
