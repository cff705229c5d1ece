"""Which language messages are in: --lang, then workspace, then map, then the locale."""

from __future__ import annotations

import threading

import pytest

from journeymap.i18n import (
    check_language,
    default_language,
    get_language,
    gettext,
    locale_language,
    resolve_language,
    set_language,
    use_language,
)
from journeymap.i18n.context import reset_language


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "ru_RU.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "de:ru"}, "ru"),
        ({"LC_ALL": "ru_RU"}, "ru"),
    ],
)
def test_locale_language(environ: dict[str, str], expected: str) -> None:
    assert locale_language(environ) == expected


def test_resolution_order() -> None:
    ru = {"LANG": "ru_RU.UTF-8"}
    assert resolve_language("en", "ru", "ru", environ=ru) == "en"  # --lang first
    assert resolve_language(None, "ru", "en", environ={}) == "ru"  # then the workspace
    assert resolve_language(None, None, "ru", environ={}) == "ru"  # then the map
    assert resolve_language(None, None, None, environ=ru) == "ru"  # then the locale
    assert resolve_language("xx", None, None, environ={}) == "en"  # unsupported is skipped


def test_locale_decides_when_nothing_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    assert get_language() == "en"
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert get_language() == "ru"
    assert gettext("file not found") == "файл не найден"


def test_outer_default_wins_and_a_choice_wins_over_defaults() -> None:
    with default_language("ru"):  # the workspace
        with default_language("en"):  # the map: the workspace's language stays
            assert get_language() == "ru"
        with use_language("en"):  # --lang
            assert get_language() == "en"
            with default_language("ru"):
                assert get_language() == "en"
    with default_language(None), default_language("xx"):
        assert get_language() == "en"
    with default_language("en"), default_language("ru"):
        assert get_language() == "en"


def test_set_and_reset() -> None:
    token = set_language("ru")
    try:
        assert get_language() == "ru"
    finally:
        reset_language(token)
    assert get_language() == "en"


def test_unsupported_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        check_language("de")
    with pytest.raises(ValueError, match="unsupported language"):
        set_language("ru_RU")


def test_each_thread_keeps_its_own_language() -> None:
    seen: dict[str, str] = {}
    ready = threading.Barrier(2)

    def run(language: str) -> None:
        with use_language(language):
            ready.wait(timeout=5)
            seen[language] = gettext("file not found")

    threads = [threading.Thread(target=run, args=(lang,)) for lang in ("en", "ru")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"en": "file not found", "ru": "файл не найден"}
