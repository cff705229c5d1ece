"""The catalogs hold every message id the code uses, in both languages, with the same
placeholders; the Russian one has no empty text and three plural forms."""

from __future__ import annotations

import string
from functools import cache
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from journeymap.i18n import LANGUAGES, N_, gettext, ngettext, pgettext, use_language
from journeymap.i18n.catalog import has_translations, po_source, translations
from journeymap.i18n.catalog_tools import extract_template


def _names(text: str) -> set[str]:
    """The `{name}` placeholders of a message (`{{` and `}}` are literal braces)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@cache
def _template() -> Catalog:
    template = extract_template()
    assert isinstance(template, Catalog)
    return template


@cache
def _catalog(language: str) -> Catalog:
    import io

    return read_po(io.StringIO(po_source(language)), locale=language, domain="journeymap")


def _key(message: Any) -> tuple[str | None, str]:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return message.context, msgid


def _used() -> dict[tuple[str | None, str], Any]:
    return {_key(m): m for m in _template() if m.id}


def test_the_code_uses_messages() -> None:
    assert len(_used()) > 150


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_code_is_in_the_catalog(language: str) -> None:
    known = {_key(m) for m in _catalog(language) if m.id}
    missing = sorted(str(k) for k in set(_used()) - known)
    assert not missing, (
        f"{language}: run `python -m journeymap.i18n.catalog_tools` and translate: {missing}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_unused_messages(language: str) -> None:
    unused = sorted(str(_key(m)) for m in _catalog(language) if m.id and _key(m) not in _used())
    assert not unused, f"{language}: run `python -m journeymap.i18n.catalog_tools`: {unused}"


def _forms(message: Any) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def test_russian_catalog_is_complete() -> None:
    empty = [str(_key(m)) for m in _catalog("ru") if m.id and not all(_forms(m))]
    assert not empty, f"untranslated: {empty}"
    assert _catalog("ru").num_plurals == 3


def test_plural_messages_have_every_russian_form() -> None:
    plural = [m for m in _catalog("ru") if isinstance(m.id, tuple)]
    assert plural
    for message in plural:
        assert len(message.string) == 3, message.id


def test_translations_keep_the_placeholders() -> None:
    wrong = []
    for message in _catalog("ru"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = {name for text in ids for name in _names(text)}
        for form in _forms(message):
            found = _names(form)
            # a singular form may leave out {count} ("один файл"), nothing else
            if found - expected or expected - found - {"count"}:
                wrong.append((message.id, form))
    assert not wrong


def test_every_translation_formats() -> None:
    for message in _catalog("ru"):
        if not message.id or message.context == "schema":  # descriptions are shown as written
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        names = {name for text in ids for name in _names(text)}
        for form in _forms(message):
            form.format(**dict.fromkeys(names, "x"))  # no stray braces


def test_english_is_the_message_id_and_russian_is_translated() -> None:
    with use_language("en"):
        assert gettext("file not found") == "file not found"
        assert gettext("unknown key '{key}'", key="severty") == "unknown key 'severty'"
    with use_language("ru"):
        assert gettext("file not found") == "файл не найден"
        assert gettext("unknown key '{key}'", key="severty") == "неизвестный ключ 'severty'"
        assert pgettext("severity", "warning") == "предупреждение"


@pytest.mark.parametrize(
    ("count", "english", "russian"),
    [
        (1, "1 file", "1 файл"),
        (2, "2 files", "2 файла"),
        (5, "5 files", "5 файлов"),
        (11, "11 files", "11 файлов"),
        (21, "21 files", "21 файл"),
        (0, "0 files", "0 файлов"),
    ],
)
def test_plural_forms(count: int, english: str, russian: str) -> None:
    with use_language("en"):
        assert ngettext("{count} file", "{count} files", count) == english
    with use_language("ru"):
        assert ngettext("{count} file", "{count} files", count) == russian


def test_unknown_message_falls_back_to_the_id() -> None:
    with use_language("ru"):
        assert gettext("not in any catalog {x}", x=1) == "not in any catalog 1"


def test_marking_does_not_translate() -> None:
    with use_language("ru"):
        assert N_("file not found") == "file not found"


def test_catalogs_compile_from_the_po_source() -> None:
    for language in LANGUAGES:
        assert translations(language) is translations(language)  # compiled once
    assert translations("ru").gettext("map") == "карта"


def test_a_catalog_without_translations_is_not_compiled() -> None:
    english = po_source("en")
    assert not has_translations(english)  # English runs skip Babel's catalog code
    assert has_translations(po_source("ru"))
    one_line = english.replace(
        'msgid "file not found"\nmsgstr ""', 'msgid "file not found"\nmsgstr "File missing"'
    )
    wrapped = english.replace(
        'msgid "file not found"\nmsgstr ""', 'msgid "file not found"\nmsgstr ""\n"File missing"'
    )
    assert one_line != english
    assert has_translations(one_line)
    assert has_translations(wrapped)


def test_schema_descriptions_keep_their_literal_braces() -> None:
    schema = [m for m in _catalog("ru") if m.context == "schema"]
    assert len(schema) > 150
    for message in schema:
        assert message.string.count("{") == message.id.count("{"), message.id
        assert message.string.count("`") == message.id.count("`"), message.id
