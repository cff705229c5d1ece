"""The map format reference in Markdown, generated from the models (docs/map-format.md)."""

from __future__ import annotations

import types
import typing
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from journeymap.model.journey import JourneyMap

INTRO = """\
# Map format reference

A map is a YAML file (UTF-8; Russian and English text alike). This page is generated from the
models in `journeymap.model` by `journeymap schema --format markdown`; a test keeps it in sync.
Editors can validate and complete maps with the JSON Schema from `journeymap schema`
(e.g. `# yaml-language-server: $schema=map.schema.json` at the top of a map).

Short forms: an emotion may be a number (`marina: 1`), a solution a string, evidence a source
name (`evidence: [assumption]`), an age range a string (`age: 30-38`).
Unknown keys are errors with a "did you mean" hint; ids referenced from stages must exist.

Ordinary phrasing is read as meant, with a lint note (JM001) showing the quoted line: a value or
list item containing ': ' (`- звонит в колл-центр: уточняет сроки`), text starting with `*` or
`&` that is no alias (`- *важно* ...`), a comma inside parentheses of a flow mapping
(`{id: vk, name: Соцсети (ВКонтакте, Telegram)}`); `target: 25%` is the share 0.25. A word
where an emotion score belongs (`marina: вдохновение`) is an error whose hint suggests a score
(`marina: {score: +2, label: вдохновение}`); an unclosed quote is reported on its own line.
"""


def _type_name(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _type_name(get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in get_args(tp) if a is not type(None))
    if origin is list:
        return f"list of {_type_name(get_args(tp)[0])}"
    if origin is dict:
        key, value = get_args(tp)
        return f"mapping {_type_name(key)} → {_type_name(value)}"
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in get_args(tp))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    return getattr(tp, "__name__", str(tp)).replace("NoneType", "null")


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "**required**"
    if info.default_factory is not None:
        return ""
    if info.default is PydanticUndefined or info.default is None:
        return ""
    return f"`{info.default}`"


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in seen:
                return
            seen.append(tp)
            for info in tp.model_fields.values():
                visit(info.annotation)
            return
        for arg in get_args(tp):
            visit(arg)

    visit(root)
    return seen


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def format_reference() -> str:
    parts = [INTRO]
    for model in _models(JourneyMap):
        parts.append(f"\n## {model.__name__}\n")
        if model.__doc__:
            parts.append(_one_line(model.__doc__) + "\n")
        parts.append("\n| key | type | default | meaning |\n|---|---|---|---|\n")
        for name, info in model.model_fields.items():
            key = info.alias or name
            parts.append(
                f"| `{key}` | {_type_name(info.annotation)} | {_default(info)} "
                f"| {_one_line(info.description)} |\n"
            )
    return "".join(parts)
