"""The template catalogue: names, kinds and one-line descriptions in both languages."""

from __future__ import annotations

import re

import pytest

from journeymap.templates import (
    LANGUAGES,
    TemplateInfo,
    UnknownLanguageError,
    UnknownTemplateError,
    get_template,
    list_templates,
)

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def test_the_five_templates_are_listed_skeletons_first() -> None:
    templates = list_templates()
    assert [t.name for t in templates] == [
        "classic",
        "retail",
        "seed-shop",
        "language-school",
        "travel",
    ]
    assert [t.kind for t in templates] == ["skeleton", "skeleton", "example", "example", "example"]


@pytest.mark.parametrize("info", list_templates(), ids=lambda t: t.name)
def test_every_template_describes_itself_in_english_and_russian(info: TemplateInfo) -> None:
    descriptions = info.descriptions
    assert set(descriptions) == set(LANGUAGES)
    assert not CYRILLIC.search(descriptions["en"])
    assert CYRILLIC.search(descriptions["ru"])
    assert all("\n" not in text and len(text) < 140 for text in descriptions.values())


def test_unknown_template_names_the_known_ones() -> None:
    with pytest.raises(UnknownTemplateError) as caught:
        get_template("seedshop")
    assert caught.value.hint is not None
    assert "seed-shop" in caught.value.hint


def test_unknown_language_is_refused() -> None:
    with pytest.raises(UnknownLanguageError):
        get_template("classic").map_text("de")
