"""The message catalogs, compiled from the `.po` sources when first needed.

The `.po` files under `locale/` are the only form kept in the repository and the package: they
are compiled with Babel on first use, so no build step can be forgotten. Compiling takes about
0.1 s with Babel's import, which a Russian `journeymap --help` paid on every run, so the compiled
`.mo` is kept in the user's cache folder (`JOURNEYMAP_CACHE_DIR`, else the platform's cache
folder, e.g. `~/.cache/journeymap`) under the hash of its source: a changed `.po` has a new name
and is compiled afresh, so a stale `.mo` can never disagree with its source, and a cache that
cannot be written is only slower. A catalog with no translated text (English: the message id is
the English text) is not compiled at all, so English runs never import Babel's catalog code.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import io
import os
import re
import struct
from functools import cache
from importlib.resources import files
from pathlib import Path

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

    try:
        return stdlib_gettext.GNUTranslations(io.BytesIO(compiled(language, source)))
    except (OSError, ValueError, IndexError, struct.error):  # a damaged cache file: compile
        return stdlib_gettext.GNUTranslations(io.BytesIO(compiled(language, source, fresh=True)))


def cache_dir() -> Path:
    """Where compiled catalogs are kept: `JOURNEYMAP_CACHE_DIR`, else the platform's cache."""
    chosen = os.environ.get("JOURNEYMAP_CACHE_DIR")
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_path

    return user_cache_path("journeymap", appauthor=False)


def cached_mo_path(language: str, source: str) -> Path:
    """The cache file of `source` compiled (named by the hash of the source)."""
    import hashlib  # here: English runs need no hash

    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:20]
    return cache_dir() / "catalogs" / f"{DOMAIN}-{language}-{digest}.mo"


def compiled(language: str, source: str, *, fresh: bool = False) -> bytes:
    """The `.mo` bytes of a `.po` source: from the cache, else (or when `fresh`) compiled with
    Babel and kept."""
    path = cached_mo_path(language, source)
    if not fresh:
        try:
            return path.read_bytes()
        except OSError:
            pass  # not compiled yet (or the cache cannot be read): compile
    mo = compile_po(language, source)
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as out:
            out.write(mo)
        Path(out.name).replace(path)  # whole or absent, whatever runs at once
    except OSError:
        pass  # a read-only or full cache only costs the next run the compile again
    return mo


def compile_po(language: str, source: str) -> bytes:
    """Compile a `.po` source with Babel."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.StringIO(source), locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()
