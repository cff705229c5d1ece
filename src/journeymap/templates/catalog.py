"""The templates `journeymap init` can start a workspace from, with their map files.

Each template has one map per language, shipped as package data: `maps/<name>.<language>.yaml`.
Ids inside a map are the same in every language; only the texts are translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Literal

from journeymap.i18n import gettext as _

LANGUAGES: tuple[str, ...] = ("en", "ru")
"""Languages every template is written in."""

TemplateKind = Literal["skeleton", "example"]


class TemplateError(ValueError):
    """A template request that cannot be served; `hint` says what to do instead."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UnknownTemplateError(TemplateError):
    pass


class UnknownLanguageError(TemplateError):
    pass


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    kind: TemplateKind
    """`skeleton`: stages with prompts to fill in; `example`: a worked, filled-in map."""
    descriptions: dict[str, str]
    """One line per language (`en`, `ru`)."""

    def description(self, language: str = "en") -> str:
        return self.descriptions.get(language, self.descriptions["en"])

    def map_file_name(self, language: str) -> str:
        return f"{self.name}.{language}.yaml"

    def map_resource(self, language: str) -> Traversable:
        """The template's map in `language`, as package data."""
        check_language(language)
        return files("journeymap.templates").joinpath("maps", self.map_file_name(language))

    def map_text(self, language: str) -> str:
        return self.map_resource(language).read_text(encoding="utf-8")


TEMPLATES: tuple[TemplateInfo, ...] = (
    TemplateInfo(
        "classic",
        "skeleton",
        {
            "en": "Skeleton: awareness, interest, research and choice, purchase, post-purchase",
            "ru": "Заготовка: осведомлённость, интерес, изучение и выбор, покупка, после покупки",
        },
    ),
    TemplateInfo(
        "retail",
        "skeleton",
        {
            "en": "Skeleton for a store with delivery and installation: seven stages from "
            "search to repeat purchase",
            "ru": "Заготовка для розницы с доставкой и монтажом: семь этапов от поиска "
            "до повторной покупки",
        },
    ),
    TemplateInfo(
        "seed-shop",
        "example",
        {
            "en": "Worked example: an online seed and plant shop fighting cart abandonment",
            "ru": "Разобранный пример: интернет-магазин семян и растений борется с брошенными "
            "корзинами",
        },
    ),
    TemplateInfo(
        "language-school",
        "example",
        {
            "en": "Worked example: a language school where fewer than 10% finish the free "
            "trial lesson",
            "ru": "Разобранный пример: языковая школа, где пробный урок проходят меньше 10% "
            "записавшихся",
        },
    ),
    TemplateInfo(
        "travel",
        "example",
        {
            "en": "Worked example: a travel company growing repeat bookings with e-mail chains "
            "by preference (sea, mountains, spa)",
            "ru": "Разобранный пример: туркомпания растит повторные бронирования цепочками "
            "писем по интересам (море, горы, спа)",
        },
    ),
)

DEFAULT_TEMPLATE = "classic"


def list_templates() -> list[TemplateInfo]:
    """Every template, skeletons first, with one-line descriptions in English and Russian."""
    return list(TEMPLATES)


def template_names() -> list[str]:
    return [t.name for t in TEMPLATES]


def get_template(name: str) -> TemplateInfo:
    for template in TEMPLATES:
        if template.name == name:
            return template
    raise UnknownTemplateError(
        _("unknown template {name!r}", name=name),
        hint=_("templates: {names}", names=", ".join(template_names())),
    )


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise UnknownLanguageError(
            _("unsupported language {language!r}", language=language),
            hint=_("languages: {languages}", languages=", ".join(LANGUAGES)),
        )
    return language
