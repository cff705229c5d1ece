"""Messages and formatting in the user's language (English and Russian).

The bottom layer: every layer may import it and it imports nothing else of journeymap.

    from journeymap.i18n import gettext as _, ngettext
    _("unknown key '{key}'", key=key)
    ngettext("{count} map valid", "{count} maps valid", n)

The language is chosen by `set_language` (`--lang`), else by `default_language` blocks
(workspace, then map), else by the locale. See docs/i18n.md.
"""

from __future__ import annotations

from journeymap.i18n.context import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    check_language,
    chosen_language,
    configured_language,
    default_language,
    get_language,
    locale_language,
    reset_language,
    resolve_language,
    set_language,
    supported,
    use_language,
)
from journeymap.i18n.formatting import format_date, format_duration, format_number, format_percent
from journeymap.i18n.messages import N_, gettext, ngettext, pgettext
from journeymap.i18n.slug import has_non_latin_letters, suggest_slug
from journeymap.i18n.synonyms import SYNONYMS, canonical, synonym_reader, synonyms_of

_ = gettext

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "SYNONYMS",
    "_",
    "canonical",
    "check_language",
    "chosen_language",
    "configured_language",
    "default_language",
    "format_date",
    "format_duration",
    "format_number",
    "format_percent",
    "get_language",
    "gettext",
    "has_non_latin_letters",
    "locale_language",
    "ngettext",
    "pgettext",
    "reset_language",
    "resolve_language",
    "set_language",
    "suggest_slug",
    "supported",
    "synonym_reader",
    "synonyms_of",
    "use_language",
]
