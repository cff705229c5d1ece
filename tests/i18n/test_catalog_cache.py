"""Compiled catalogs are kept in the user's cache under the hash of their source: read back while
the `.po` is unchanged, compiled afresh when it changes or the file is damaged, and a cache that
cannot be written costs only the compile."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest

from journeymap.i18n.catalog import cached_mo_path, compile_po, compiled, po_source, translations

TINY_PO = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "map"\nmsgstr "схема"\n'


def _text(mo: bytes, message: str) -> str:
    return gettext.GNUTranslations(io.BytesIO(mo)).gettext(message)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_a_compiled_catalog_is_kept_and_read_back(cache: Path) -> None:
    source = po_source("ru")
    path = cached_mo_path("ru", source)
    assert path.is_relative_to(cache)
    first = compiled("ru", source)
    assert path.read_bytes() == first == compile_po("ru", source)
    assert _text(first, "map") == "карта"
    path.write_bytes(compile_po("ru", TINY_PO))  # what is in the cache is what is read
    assert _text(compiled("ru", source), "map") == "схема"


def test_a_changed_source_gets_its_own_file(cache: Path) -> None:
    source = po_source("ru")
    changed = source.replace('msgstr "карта"', 'msgstr "карта пути"', 1)
    assert changed != source
    assert cached_mo_path("ru", changed) != cached_mo_path("ru", source)
    compiled("ru", source)
    assert _text(compiled("ru", changed), "map") == "карта пути"


def test_a_damaged_cache_file_is_compiled_again(cache: Path) -> None:
    source = po_source("ru")
    path = cached_mo_path("ru", source)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a catalog")
    translations.cache_clear()
    try:
        assert translations("ru").gettext("map") == "карта"
    finally:
        translations.cache_clear()
    assert _text(path.read_bytes(), "map") == "карта"


def test_a_cache_that_cannot_be_written_only_costs_the_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", str(blocked))  # a file, not a folder
    assert _text(compiled("ru", po_source("ru")), "map") == "карта"
