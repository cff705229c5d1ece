"""The map format reference in Markdown, generated from the models (docs/map-format.md, and
docs/ru/map-format-reference.md in Russian)."""

from __future__ import annotations

import types
import typing
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from journeymap.i18n import N_, gettext, pgettext, use_language
from journeymap.model.schema_text import describe, map_models, with_docstrings

INTRO = N_(
    "# Map format reference\n"
    "\n"
    "A map is a YAML file (UTF-8; Russian and English text alike). This page is generated from "
    "the\n"
    "models in `journeymap.model` by `{command}`; a test keeps it in sync.\n"
    "Editors can validate and complete maps with the JSON Schema from `journeymap schema`\n"
    "(e.g. `# yaml-language-server: $schema=map.schema.json` at the top of a map).\n"
    "\n"
    "Short forms: an emotion may be a number (`marina: 1`), a solution a string, evidence a "
    "source\n"
    "name (`evidence: [assumption]`), an age range a string (`age: 30-38`).\n"
    'Unknown keys are errors with a "did you mean" hint; ids referenced from stages must exist.\n'
    "\n"
    "Ordinary phrasing is read as meant, with a lint note (JM001) showing the quoted line: a value "
    "or\n"
    "list item containing ': ' (`- звонит в колл-центр: уточняет сроки`), text starting with `*` "
    "or\n"
    "`&` that is no alias (`- *важно* ...`), a comma inside parentheses of a flow mapping\n"
    "(`{flow_mapping}`); `target: 25%` is the share 0.25. A word\n"
    "where an emotion score belongs (`marina: вдохновение`) is an error whose hint suggests a "
    "score\n"
    "(`{emotion_object}`); an unclosed quote is reported on its own line.\n"
)
"""The page's introduction; `{command}` and the two YAML examples (braces) are filled in."""
COMMANDS = {
    "en": "journeymap schema --format markdown",
    "ru": "journeymap --lang ru schema --format markdown",
}


def _type_name(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _type_name(get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        separator = " " + pgettext("schema type", "or") + " "
        return separator.join(_type_name(a) for a in get_args(tp) if a is not type(None))
    if origin is list:
        return gettext("list of {type}", type=_type_name(get_args(tp)[0]))
    if origin is dict:
        key, value = get_args(tp)
        return gettext("mapping {key} → {value}", key=_type_name(key), value=_type_name(value))
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in get_args(tp))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    return getattr(tp, "__name__", str(tp)).replace("NoneType", "null")


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "**" + gettext("required") + "**"
    if info.default_factory is not None:
        return ""
    if info.default is PydanticUndefined or info.default is None:
        return ""
    return f"`{info.default}`"


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def format_reference(language: str | None = None) -> str:
    """The reference in `language` (default: the current language)."""
    with_docstrings()
    with use_language(language) as current:
        parts = [
            gettext(
                INTRO,
                command=COMMANDS.get(current, COMMANDS["en"]),
                flow_mapping="{id: vk, name: Соцсети (ВКонтакте, Telegram)}",
                emotion_object="marina: {score: +2, label: вдохновение}",
            )
        ]
        header = "| {} | {} | {} | {} |\n|---|---|---|---|\n".format(
            pgettext("schema column", "key"),
            pgettext("schema column", "type"),
            pgettext("schema column", "default"),
            pgettext("schema column", "meaning"),
        )
        for model in map_models():
            parts.append(f"\n## {model.__name__}\n")
            if model.__doc__:
                parts.append(_one_line(describe(model.__doc__)) + "\n")
            parts.append("\n" + header)
            for name, info in model.model_fields.items():
                key = info.alias or name
                description = describe(info.description) if info.description else None
                parts.append(
                    f"| `{key}` | {_type_name(info.annotation)} | {_default(info)} "
                    f"| {_one_line(description)} |\n"
                )
    return "".join(parts)
